/** `/api/v1/me/*`: the caller's own account, profile, profile views, export and erasure. */
import { Router } from 'express';
import type { Deps } from '../../core/deps.js';
import { Account, getAccount } from '../../core/domain/accounts.js';
import { AuditListQuery, listMyProfileViews, ProfileView } from '../../core/domain/audit.js';
import { pageOf } from '../../core/domain/pagination.js';
import { erasePersonalData, exportPersonalData, PersonalDataExport } from '../../core/domain/privacy.js';
import { confirmMyProfile, getMyProfile, Profile, ProfileInput, saveMyProfile } from '../../core/domain/profiles.js';
import { route } from '../openapi.js';

export function meRoutes(deps: Deps): Router {
  const router = Router();

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/me', tag: 'me', summary: 'My account', auth: 'required', response: Account },
    async ({ principal }) => getAccount(deps, principal.accountId),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/me/profile', tag: 'me', summary: 'My profile', auth: 'required', roles: ['jobseeker'], response: Profile, errors: [404] },
    async ({ principal }) => getMyProfile(deps, principal.accountId),
  );

  route(
    router,
    deps,
    {
      method: 'put',
      path: '/api/v1/me/profile',
      tag: 'me',
      summary: 'Create or replace my profile',
      description: 'Saving also confirms the profile is current (it goes stale 90 days after the last confirmation). Visibility defaults to hidden.',
      auth: 'required',
      roles: ['jobseeker'],
      body: ProfileInput,
      response: Profile,
    },
    async ({ principal, body, res }) => {
      const { profile, created } = await saveMyProfile(deps, principal.accountId, body);
      if (created) res.status(201);
      return profile;
    },
  );

  route(
    router,
    deps,
    {
      method: 'post',
      path: '/api/v1/me/profile/confirm',
      tag: 'me',
      summary: 'Confirm my profile is still current',
      description: 'A profile not confirmed for 90 days drops out of search, matches and organisation views until confirmed.',
      auth: 'required',
      roles: ['jobseeker'],
      response: Profile,
      errors: [404],
    },
    async ({ principal }) => confirmMyProfile(deps, principal.accountId),
  );

  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/me/profile-views',
      tag: 'me',
      summary: 'Which organisations viewed my profile, and when',
      auth: 'required',
      roles: ['jobseeker'],
      query: AuditListQuery,
      response: pageOf(ProfileView),
    },
    async ({ principal, query }) => listMyProfileViews(deps, principal.accountId, query),
  );

  route(
    router,
    deps,
    { method: 'get', path: '/api/v1/me/export', tag: 'me', summary: 'Export all my data as JSON', auth: 'required', response: PersonalDataExport },
    async ({ principal, res }) => {
      res.setHeader('Content-Disposition', 'attachment; filename="kansrijk-export.json"');
      return exportPersonalData(deps, principal.accountId);
    },
  );

  route(
    router,
    deps,
    {
      method: 'delete',
      path: '/api/v1/me',
      tag: 'me',
      summary: 'Erase my account and all my data',
      description: 'Removes the account, sessions, profile, contact requests, views of the profile and matches, and the profile from search.',
      auth: 'required',
      status: 204,
    },
    async ({ principal }) => erasePersonalData(deps, principal.accountId),
  );
  return router;
}
