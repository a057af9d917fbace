/**
 * A match's retraining flag on screen, in headless Chromium against the whole platform (demo
 * data seeded): the demo employer sees "Kandidaat + gefinancierde opleiding" as a badge with
 * the course on a vacancy's matches (and in English after switching language); once the
 * Leerwerkloket approves the demo jobseeker's voucher, their Mijn matches say "In omscholing"
 * with the course and the month it ends.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiInPage, browserSuite, main, reloadUntil, shot } from './support.js';

const suite = browserSuite();

interface Flagged {
  retraining: { kind: string; courseTitle: string; durationWeeks?: number; endsOn?: string } | null;
  status: string;
}

/** The first open vacancy of the demo employer with a funded-course match among its first 20, once matching has run. */
async function vacancyWithFundedCourse(page: Page): Promise<{ id: string; courseTitle: string; weeks: number }> {
  const { body: me } = await apiInPage<{ organisationIds: string[] }>(page, 'GET', '/api/v1/me');
  const { body: list } = await apiInPage<{ items: Array<{ id: string; status: string }> }>(page, 'GET', `/api/v1/vacancies?organisationId=${me.organisationIds[0]}&limit=50`);
  let found: { id: string; courseTitle: string; weeks: number } | undefined;
  await expect
    .poll(async () => {
      for (const v of list.items.filter((x) => x.status === 'open')) {
        const { body } = await apiInPage<{ items: Flagged[] }>(page, 'GET', `/api/v1/vacancies/${v.id}/matches?limit=20`);
        const m = body.items.find((x) => x.status !== 'dismissed' && x.retraining?.kind === 'funded-course');
        if (m) {
          found = { id: v.id, courseTitle: m.retraining!.courseTitle, weeks: m.retraining!.durationWeeks! };
          return true;
        }
      }
      return false;
    }, { timeout: 90_000, interval: 2000 })
    .toBe(true);
  return found!;
}

describe('retraining flag on matches (headless Chromium)', () => {
  it('1. the recruiter sees "Kandidaat + gefinancierde opleiding" with the course, in Dutch and English', async () => {
    const page = await suite.newPage();
    await suite.login(page, 'employer');
    const { id, courseTitle, weeks } = await vacancyWithFundedCourse(page);
    await page.goto(`${suite.baseUrl}/#/vacancies/${id}/matches`);
    const card = main(page).locator('li.match', { has: page.locator('.badge.funded-course') }).first();
    await expect.poll(() => card.locator('.retraining').textContent()).toBe(`Kandidaat + gefinancierde opleiding ${courseTitle}, ${weeks} weken`);
    await shot(page, 'match-retraining-01-funded-course');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => main(page).locator('li.match .badge.funded-course').first().textContent()).toBe('Candidate + funded course');
    expect(await card.locator('.retraining').textContent()).toBe(`Candidate + funded course ${courseTitle}, ${weeks} weeks`);
    await page.getByRole('button', { name: 'Nederlands' }).click();
    expect(suite.errors).toEqual([]);
  }, 150_000);

  it('2. after the voucher is approved, the jobseeker’s Mijn matches say "In omscholing" with the course and its end month', async () => {
    const jobseeker = await suite.newPage();
    await suite.login(jobseeker, 'jobseeker');
    const { body: report } = await apiInPage<{ pathways: Array<{ occupation: { sector: string }; plans: { cheapest: { courseIds: string[] } } }> }>(jobseeker, 'GET', '/api/v1/me/pathways');
    const courseId = report.pathways.find((p) => p.occupation.sector === 'zorg')!.plans.cheapest.courseIds[0]!;
    const applied = await apiInPage<{ id: string }>(jobseeker, 'POST', '/api/v1/programmes/rotterdam-scholingsfonds/vouchers', { courseId, incomeBand: '20000-30000', motivation: 'Ik wil de zorg in.' });
    expect(applied.status).toBe(201);

    const loket = await suite.newPage();
    await suite.login(loket, 'intermediary');
    const approved = await apiInPage<{ status: string }>(loket, 'POST', `/api/v1/vouchers/${applied.body.id}/approve`, { reason: 'Past binnen de regeling.' });
    expect(approved.body.status).toBe('approved');

    await jobseeker.goto(`${suite.baseUrl}/#/matches`);
    await main(jobseeker).waitFor();
    const badge = main(jobseeker).locator('li.match .badge.in-training').first();
    // The approval enqueues a rescore of the profile; the page shows it once the worker has run.
    await reloadUntil(jobseeker, async () => (await badge.count()) > 0, 90_000);
    expect(await badge.textContent()).toBe('In omscholing');
    const { body: mine } = await apiInPage<{ items: Flagged[] }>(jobseeker, 'GET', '/api/v1/me/matches?limit=50');
    const flag = mine.items.find((m) => m.retraining?.kind === 'in-training')!.retraining!;
    const month = new Date(`${flag.endsOn!.slice(0, 7)}-15T12:00:00`).toLocaleDateString('nl-NL', { month: 'long', year: 'numeric' });
    expect(await main(jobseeker).locator('li.match .retraining', { has: jobseeker.locator('.badge.in-training') }).first().textContent()).toBe(`In omscholing ${flag.courseTitle}, klaar in ${month}`);
    await shot(jobseeker, 'match-retraining-02-in-training');
    expect(suite.errors).toEqual([]);
  }, 150_000);
});
