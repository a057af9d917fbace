/** Appointment requests with an adviser: jobseekers ask, intermediaries see and answer. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { answerAppointment, Appointment, AppointmentAnswer, AppointmentInput, AppointmentListQuery, listMyAppointments, listOrganisationAppointments, organisationAppointment, requestAppointment } from '../../core/career-check/appointments.js';
import { CareerCheckReport, reportOfProfile } from '../../core/career-check/index.js';
import { route } from '../openapi.js';

export function appointmentRoutes(deps: Deps): Router {
  const router = Router();
  const tag = 'appointments';
  route(router, deps, { method: 'post', path: '/api/v1/me/appointments', tag, summary: 'Ask an adviser for an appointment', description: 'Without organisationId it goes to the adviser the Loopbaan-APK suggests for your region (the Leerwerkloket first). Your name and e-mail are shared with that organisation.', auth: 'required', roles: ['jobseeker'], body: AppointmentInput, status: 201, response: Appointment, errors: [404, 409] }, async ({ principal, body }) => requestAppointment(deps, principal, body));
  route(router, deps, { method: 'get', path: '/api/v1/me/appointments', tag, summary: 'My appointment requests', auth: 'required', roles: ['jobseeker'], response: z.array(Appointment) }, async ({ principal }) => listMyAppointments(deps, principal));
  route(router, deps, { method: 'get', path: '/api/v1/appointments', tag, summary: 'Appointment requests to my organisations', auth: 'required', roles: ['intermediary', 'admin'], query: AppointmentListQuery, response: z.array(Appointment) }, async ({ principal, query }) => listOrganisationAppointments(deps, principal, query.status));
  route(router, deps, { method: 'post', path: '/api/v1/appointments/:id/answer', tag, summary: 'Accept (with a time) or decline a request', auth: 'required', roles: ['intermediary', 'admin'], body: AppointmentAnswer, response: Appointment, errors: [404, 409] }, async ({ principal, params, body }) => answerAppointment(deps, principal, params.id!, body));
  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/appointments/:id/career-check', tag, summary: 'The Loopbaan-APK report the requester shared', auth: 'required', roles: ['intermediary', 'admin'], response: CareerCheckReport, errors: [404] },
    async ({ principal, params }) => {
      const appointment = await organisationAppointment(deps, principal, params.id!);
      if (!appointment.shareReport) throw notFound('Shared report');
      return reportOfProfile(deps, appointment.profileId);
    },
  );
  return router;
}
