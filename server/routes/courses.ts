/** The training catalogue: read for everyone logged in, maintained by admins and intermediaries. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { pageOf } from '../../core/domain/pagination.js';
import { Course, CourseInput, CourseListQuery, CoursePatch, createCourse, deleteCourse, getCourse, listCourses, publicCourse, updateCourse } from '../../core/training/index.js';
import { route } from '../openapi.js';

export function courseRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'training';
  const editors = ['admin', 'intermediary'] as const;
  route(router, deps, { method: 'get', path: '/api/v1/courses', tag, summary: 'Courses in the training catalogue', description: 'Filter by target occupation, skill taught, region (nationwide courses included) or format.', auth: 'required', query: CourseListQuery, response: pageOf(Course) }, async ({ query }) => listCourses(deps, query));
  route(router, deps, { method: 'get', path: '/api/v1/courses/:id', tag, summary: 'One course', auth: 'required', response: Course, errors: [404] }, async ({ params }) => publicCourse(await getCourse(deps, params.id!)));
  route(router, deps, { method: 'post', path: '/api/v1/courses', tag, summary: 'Add a course', auth: 'required', roles: [...editors], body: CourseInput, status: 201, response: Course }, async ({ principal, body }) => createCourse(deps, principal.accountId, body));
  route(router, deps, { method: 'patch', path: '/api/v1/courses/:id', tag, summary: 'Change a course', auth: 'required', roles: [...editors], body: CoursePatch, response: Course, errors: [404, 409] }, async ({ params, body }) => updateCourse(deps, params.id!, body));
  route(router, deps, { method: 'delete', path: '/api/v1/courses/:id', tag, summary: 'Withdraw a course', description: 'Vouchers already granted keep their copy of the course.', auth: 'required', roles: [...editors], status: 204, errors: [404] }, async ({ params }) => deleteCourse(deps, params.id!));
  return router;
}
