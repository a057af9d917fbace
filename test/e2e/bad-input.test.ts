/**
 * Hostile and broken input to every write endpoint: each must answer a 4xx
 * application/problem+json, never a 5xx, and leave the store exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { jobseekerWithProfile, PASSWORD, register, vacancyBody, profileBody, type Actor } from './fixtures.js';

let app: TestApp;
let seeker: Actor & { profileId: string };
let employer: Actor;
let colleague: Actor;
let vacancyId: string;
let requestId: string;

const COLLECTIONS = ['accounts', 'sessions', 'profiles', 'organisations', 'vacancies', 'contact_requests', 'contact_request_locks', 'profile_views', 'flags'];

/** (collection, id, version) of every document, tombstones included: any write changes it. */
async function fingerprint(): Promise<string> {
  const parts: string[] = [];
  for (const name of COLLECTIONS) {
    const docs = await app.deps.store.collection(name).find({}, { includeDeleted: true, limit: 100_000 });
    parts.push(...docs.map((d) => `${name}/${d.id}@${d.version}`).sort());
  }
  return parts.join('\n');
}

interface Endpoint {
  name: string;
  method: string;
  url: () => string;
  token?: () => string;
  /** A valid body; undefined for endpoints that take none. */
  body?: () => Record<string, unknown>;
}

const endpoints: Endpoint[] = [
  { name: 'register', method: 'POST', url: () => '/api/v1/auth/register', body: () => ({ email: 'new-person@example.nl', password: PASSWORD, name: 'Nieuw', role: 'jobseeker' }) },
  { name: 'login', method: 'POST', url: () => '/api/v1/auth/login', body: () => ({ email: seeker.email, password: 'wrong password here' }) },
  { name: 'logout', method: 'POST', url: () => '/api/v1/auth/logout', token: () => seeker.token },
  { name: 'put profile', method: 'PUT', url: () => '/api/v1/me/profile', token: () => seeker.token, body: () => profileBody() },
  { name: 'confirm profile', method: 'POST', url: () => '/api/v1/me/profile/confirm', token: () => seeker.token },
  { name: 'delete me', method: 'DELETE', url: () => '/api/v1/me', token: () => seeker.token },
  { name: 'create organisation', method: 'POST', url: () => '/api/v1/organisations', token: () => employer.token, body: () => ({ name: 'Nieuwe bv', kind: 'employer', place: 'Delft' }) },
  { name: 'patch organisation', method: 'PATCH', url: () => `/api/v1/organisations/${employer.organisationId}`, token: () => employer.token, body: () => ({ name: 'Andere naam', description: 'Over ons' }) },
  { name: 'add member', method: 'POST', url: () => `/api/v1/organisations/${employer.organisationId}/members`, token: () => employer.token, body: () => ({ email: colleague.email }) },
  { name: 'delete organisation', method: 'DELETE', url: () => `/api/v1/organisations/${employer.organisationId}`, token: () => employer.token },
  { name: 'create vacancy', method: 'POST', url: () => '/api/v1/vacancies', token: () => employer.token, body: () => vacancyBody() },
  { name: 'patch vacancy', method: 'PATCH', url: () => `/api/v1/vacancies/${vacancyId}`, token: () => employer.token, body: () => ({ title: 'Nieuwe titel', status: 'closed' }) },
  { name: 'delete vacancy', method: 'DELETE', url: () => `/api/v1/vacancies/${vacancyId}`, token: () => employer.token },
  { name: 'create contact request', method: 'POST', url: () => '/api/v1/contact-requests', token: () => employer.token, body: () => ({ profileId: seeker.profileId, message: 'Hallo' }) },
  { name: 'accept contact request', method: 'POST', url: () => `/api/v1/contact-requests/${requestId}/accept`, token: () => seeker.token },
  { name: 'decline contact request', method: 'POST', url: () => `/api/v1/contact-requests/${requestId}/decline`, token: () => seeker.token },
];

/** Strings no field may accept: invisible, direction-changing, control and broken characters, and oversize. */
const ODD_STRINGS: Array<[string, string]> = [
  ['NUL', 'abc\u0000def'],
  ['lone surrogate', 'abc\uD800def'],
  ['RTL override', 'factuur\u202Efdp.exe'],
  ['zero-width space', '\u200B'],
  ['BOM', '\uFEFFtekst'],
  ['bell', 'ding\u0007'],
  ['empty', ''],
  ['only spaces', '    '],
  ['oversized', 'x'.repeat(60_000)],
];

/** Values of the wrong type or shape, including NoSQL operator objects. */
const wrongTypeFor = (value: unknown): unknown[] => {
  const operators = [{ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }];
  if (typeof value === 'string') return [12345, true, null, ['a'], ...operators];
  if (typeof value === 'number') return ['12', -1e308, 1e308, null, ...operators];
  if (typeof value === 'boolean') return ['true', 1, null, ...operators];
  if (Array.isArray(value)) return ['a', { 0: 'a' }, null, [null], [{ $gt: '' }], Array.from({ length: 1000 }, () => 'x')];
  if (value && typeof value === 'object') return ['x', [], null, 7, ...operators];
  return [{ $gt: '' }];
};

/** Fields where null is a meaningful value ("no salary given", "start when convenient"). */
const NULLABLE = new Set(['salary', 'startDate']);

/** Structural fields where injection strings are simply invalid values. */
const INJECTIONS = ["'; DROP TABLE accounts; --", '<script>alert(1)</script>', '{"$gt":""}', '../../etc/passwd', '${process.exit()}'];

function mutations(endpoint: Endpoint): Array<{ label: string; body: string | unknown; contentType?: string; expect413?: boolean }> {
  const out: Array<{ label: string; body: string | unknown; contentType?: string; expect413?: boolean }> = [
    { label: 'malformed JSON', body: '{"name": "x",' },
    { label: 'JSON with trailing garbage', body: '{"a":1} {"b":2}' },
    { label: 'not JSON at all', body: "'; DROP TABLE accounts; --" },
    { label: 'unknown fields (role, ownerId, organisationId)', body: { ...(endpoint.body?.() ?? {}), role: 'admin', ownerId: 'x', organisationId: 'y' } },
    { label: '__proto__ pollution', body: `{"__proto__":{"role":"admin"},"constructor":{"prototype":{"isAdmin":true}}}` },
    { label: 'oversized body', body: JSON.stringify({ ...(endpoint.body?.() ?? {}), padding: 'x'.repeat(400_000) }), expect413: true },
  ];
  if (!endpoint.body) return out;
  const base = endpoint.body();
  out.push(
    { label: 'array body', body: '[]' },
    { label: 'null body', body: 'null' },
    { label: 'string body', body: '"hello"' },
    { label: 'text/plain content type', body: JSON.stringify(base), contentType: 'text/plain' },
    { label: 'form content type', body: new URLSearchParams(base as Record<string, string>).toString(), contentType: 'application/x-www-form-urlencoded' },
  );
  for (const [field, value] of Object.entries(base)) {
    for (const wrong of wrongTypeFor(value).filter((w) => !(w === null && NULLABLE.has(field)))) out.push({ label: `${field} = ${JSON.stringify(wrong).slice(0, 40)}`, body: { ...base, [field]: wrong } });
    if (typeof value === 'string') {
      for (const [name, odd] of ODD_STRINGS) out.push({ label: `${field} with ${name}`, body: { ...base, [field]: odd } });
      // Free text may legitimately contain these words; structural fields (ids, e-mail, enums, dates) must not.
      if (['email', 'profileId', 'role', 'kind', 'status', 'availableFrom', 'startDate'].includes(field)) {
        for (const injection of INJECTIONS) out.push({ label: `${field} injection ${injection}`, body: { ...base, [field]: injection } });
      }
    }
  }
  return out;
}

beforeAll(async () => {
  app = await startTestApp({ AUTH_RATE_LIMIT: '100000' });
  seeker = await jobseekerWithProfile(app);
  employer = await register(app, 'employer');
  colleague = await register(app, 'employer');
  vacancyId = (await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody() })).body.id;
  // A second organisation wants a pending request whose accept/decline must fail on bad input.
  requestId = (await app.request('POST', '/api/v1/contact-requests', { token: colleague.token, body: { profileId: seeker.profileId } })).body.id;
});
afterAll(async () => {
  await app.close();
});

describe.each(endpoints)('$name ($method)', (endpoint) => {
  it('answers every bad input with a 4xx problem and changes nothing', async () => {
    const before = await fingerprint();
    const failures: string[] = [];
    for (const m of mutations(endpoint)) {
      const headers: Record<string, string> = { 'content-type': m.contentType ?? 'application/json' };
      const res = await app.request(endpoint.method, endpoint.url(), {
        ...(endpoint.token ? { token: endpoint.token() } : {}),
        body: typeof m.body === 'string' ? m.body : JSON.stringify(m.body),
        headers,
      });
      const type = res.headers.get('content-type') ?? '';
      const ok = res.status >= 400 && res.status < 500 && type.startsWith('application/problem+json') && (!m.expect413 || res.status === 413);
      if (!ok) failures.push(`${m.label}: ${res.status} ${type} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });
});

describe('bad path parameters', () => {
  it.each(["'; DROP TABLE vacancies; --", '<script>', '%00', '..%2F..%2Fetc', 'a'.repeat(300), '{"$gt":""}'])('%s is a 404 problem', async (bad) => {
    const before = await fingerprint();
    const res = await app.request('PATCH', `/api/v1/vacancies/${encodeURIComponent(bad)}`, { token: employer.token, body: { title: 'x' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await fingerprint()).toBe(before);
  });
});

describe('bad query strings', () => {
  it.each(['status[$ne]=draft', 'limit=-1', 'limit=abc', 'limit=1e9', 'organisationId[$gt]=', 'cursor=%00', 'cursor=eyJ4Ijp7fX0', 'unknown=1', 'status=draft&status=open'])(
    'GET /api/v1/vacancies?%s is a 400 problem',
    async (qs) => {
      const res = await app.request('GET', `/api/v1/vacancies?${qs}`);
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );
});

describe('free text', () => {
  it('keeps injection-looking text as inert data, returned exactly as sent', async () => {
    const title = `<script>alert(1)</script> '; DROP TABLE vacancies; -- {"$gt":""}`;
    const res = await app.request('POST', '/api/v1/vacancies', { token: employer.token, body: vacancyBody({ title }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.title).toBe(title);
  });

  it('accepts real-world Unicode: accents, Arabic, emoji with joiners', async () => {
    const name = "Zoë Ağaoğlu – شيماء 👩‍⚕️ 's-Hertogenbosch";
    const res = await app.request('PATCH', `/api/v1/organisations/${employer.organisationId}`, { token: employer.token, body: { name } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.name).toBe(name.normalize('NFC'));
  });
});
