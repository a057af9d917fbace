import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, jobseekerWithProfile, register, vacancyBody } from './fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await app.close();
});

describe('contact requests', () => {
  it('releases contact details to the requesting organisation only after the jobseeker accepts', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer', 'Thuiszorg Zuid');
    const other = await register(app, 'employer');
    const vacancy = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody() });

    const sent = await app.request('POST', '/api/v1/contact-requests', {
      token: employer.token,
      body: { profileId: jobseeker.profileId, vacancyId: vacancy.body.id, message: 'Wij zoeken iemand zoals u.' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'pending', organisationName: 'Thuiszorg Zuid BV', vacancyTitle: 'Helpende Zorg en Welzijn' });

    // A second pending request from the same organisation is refused.
    expectProblem(await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } }), 409);

    const inbox = await app.request('GET', '/api/v1/contact-requests', { token: jobseeker.token });
    expect(inbox.body.items).toEqual([expect.objectContaining({ id: sent.body.id, status: 'pending' })]);
    const outbox = await app.request('GET', '/api/v1/contact-requests?status=pending', { token: employer.token });
    expect(outbox.body.items.map((r: any) => r.id)).toEqual([sent.body.id]);

    expect((await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token })).body.contact).toBeNull();

    const accepted = await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/accept`, { token: jobseeker.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', respondedAt: expect.any(String) });
    expectProblem(await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/decline`, { token: jobseeker.token }), 409);

    const released = await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token });
    expect(released.body.contact).toMatchObject({ name: 'Sanne Bakker', email: 'sanne.bakker@example.nl', phone: '+31 6 12345678' });
    // Acceptance is per organisation.
    expect((await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: other.token })).body.contact).toBeNull();
    expectProblem(await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } }), 409);
  });

  it('a declined request keeps contact closed and allows a new request later', async () => {
    const jobseeker = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    const sent = await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } });
    const declined = await app.request('POST', `/api/v1/contact-requests/${sent.body.id}/decline`, { token: jobseeker.token });
    expect(declined.body.status).toBe('declined');
    expect((await app.request('GET', `/api/v1/profiles/${jobseeker.profileId}`, { token: employer.token })).body.contact).toBeNull();
    expect((await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: jobseeker.profileId } })).status).toBe(201);
  });

  it('cannot reach hidden profiles or name another organisation’s vacancy', async () => {
    const hidden = await jobseekerWithProfile(app, { visibility: 'hidden' });
    const visible = await jobseekerWithProfile(app);
    const employer = await register(app, 'employer');
    const other = await register(app, 'employer');
    const theirVacancy = await app.request('POST', '/api/v1/vacancies', { token: other.token, body: vacancyBody() });
    expectProblem(await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: hidden.profileId } }), 404);
    expectProblem(
      await app.request('POST', '/api/v1/contact-requests', { token: employer.token, body: { profileId: visible.profileId, vacancyId: theirVacancy.body.id } }),
      404,
    );
  });
});
