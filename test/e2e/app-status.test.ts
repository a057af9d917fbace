/**
 * GET /app-status: the demo log-ins the web app's login page offers (only those that work)
 * and the matching backlog behind "matches are being computed".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, hashPassword } from '../../core/domain/accounts.js';
import { DEMO_LOGINS, seedDemoAccounts } from '../../seeds/demo-accounts.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('GET /app-status', () => {
  let seeded: TestApp;
  let plain: TestApp;

  beforeAll(async () => {
    seeded = await startTestApp({ SEED_DEMO: 'true' });
    await seedDemoAccounts(seeded.deps);
    // Someone changed the admin's password: that log-in must no longer be offered.
    const [admin] = await accounts(seeded.deps.store).find({ email: 'admin@demo.kansrijk.nl' }, { limit: 1 });
    await accounts(seeded.deps.store).update(admin!.id, { passwordHash: await hashPassword('a-different-password') });
    plain = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await seeded?.close();
    await plain?.close();
  });

  it('lists the demo log-ins whose demo password still works', async () => {
    const res = await seeded.request('GET', '/app-status');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.demoLogins).toEqual(DEMO_LOGINS.filter((l) => l.role !== 'admin'));
    expect(res.body.matchingPending).toBeGreaterThanOrEqual(0);
  });

  it('never offers demo passwords in production, even where demo accounts exist', async () => {
    const production = await startTestApp({ NODE_ENV: 'production', SEED_DEMO: 'true', APP_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
    try {
      await seedDemoAccounts(production.deps);
      const res = await production.request('GET', '/app-status');
      expect(res.status).toBe(200);
      expect(res.body.demoLogins).toEqual([]);
    } finally {
      await production.close();
    }
  }, 60_000);

  it('offers no log-ins when demo data is not seeded', async () => {
    const res = await plain.request('GET', '/app-status');
    expect(res.status).toBe(200);
    expect(res.body.demoLogins).toEqual([]);
    expect(res.body.matchingPending).toBe(0);
  });
});
