/**
 * The retraining journey in headless Chromium against the whole platform (demo data seeded):
 * the demo jobseeker applies for a voucher from a pathway and asks the Leerwerkloket for an
 * appointment from the Loopbaan-APK; the demo intermediary approves and answers; the
 * jobseeker sees both outcomes. Also the pages at phone width.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiInPage, browserSuite, expectNoSidewaysScroll, main, nav, SCREENSHOTS, shot } from './support.js';

const suite = browserSuite();
const browserErrors = suite.errors;
let courseTitle = '';
/** Sanne's motivation tells her application apart from the demo history's pending ones for the same course. */
const MOTIVATION = 'Ik wil de zorg in en dit sluit aan bij mijn ervaring met klanten.';

describe('retraining journey (headless Chromium)', () => {
  it('1. the jobseeker applies for a voucher from a pathway, then does the Loopbaan-APK and asks for an appointment', async () => {
    const page = await suite.newPage();
    await suite.login(page, 'jobseeker');
    await nav(page).getByRole('link', { name: 'Omscholing' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Omscholing');
    const first = page.locator('article.pathway').first();
    await expect.poll(() => first.locator('.badge.tension').textContent()).toMatch(/^(zeer )?krap$/);
    expect(await first.textContent()).toContain('Dit mis je nog');
    // A course with a price in euros and a voucher button (course lists unfolded, as a person would).
    await page.evaluate(() => (globalThis as any).document.querySelectorAll('article.pathway details').forEach((d: { open: boolean }) => (d.open = true)));
    const course = page.locator('li.course:has(button:text("Voucher aanvragen"))').first();
    expect(await course.textContent()).toMatch(/€\s?[\d.]+/);
    courseTitle = (await course.locator('.course-title').textContent())!;
    await shot(page, 'retraining-01-pathways');

    await course.getByRole('button', { name: `Voucher aanvragen: ${courseTitle}` }).click();
    const form = page.getByRole('form', { name: `Voucher aanvragen voor ${courseTitle}` });
    // Sending without an income band is caught inline, next to the field.
    await form.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await expect.poll(() => form.locator('[data-path="incomeBand"] .field-error').textContent()).toBe('Vul dit veld in');
    // An income above the programme's ceiling is explained before anything is sent.
    await form.getByLabel('€ 50.000 of meer').check();
    await form.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await expect.poll(() => form.locator('[data-path="incomeBand"] .field-error').textContent()).toContain('kom je niet in aanmerking');
    await shot(page, 'retraining-02-voucher-inline-error');
    await form.getByLabel('minder dan € 20.000').check();
    await form.getByLabel('Waarom wil je deze opleiding doen?').fill(MOTIVATION);
    await form.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await expect.poll(() => page.locator('.course-action .notice.ok').first().textContent()).toContain('is verstuurd');
    const mine = page.locator('.my-vouchers li.voucher', { hasText: courseTitle });
    await expect.poll(() => mine.locator('.badge').textContent()).toBe('In behandeling');
    await shot(page, 'retraining-03-voucher-applied');

    // The API's problem+json is shown as it comes: a second application for the same course is a 409.
    const { body: vouchers } = await apiInPage<Array<{ courseTitle: string; courseId: string; programmeId: string }>>(page, 'GET', '/api/v1/me/vouchers');
    const applied = vouchers.find((v) => v.courseTitle === courseTitle)!;
    const again = await apiInPage(page, 'POST', `/api/v1/programmes/${applied.programmeId}/vouchers`, { courseId: applied.courseId, incomeBand: 'below-20000' });
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');

    // Loopbaan-APK, step by step.
    await nav(page).getByRole('link', { name: 'Loopbaan-APK' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /Stap 1 van 4/ }).isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: 'Zorg en welzijn', exact: true }).check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('checkbox', { name: 'Mensen helpen' }).check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    const skill = page.getByRole('combobox', { name: 'Vaardigheid toevoegen' });
    await skill.fill('Mantelzorg');
    await skill.press('Enter');
    await page.getByRole('button', { name: 'Volgende' }).click();
    // A training longer than 260 weeks is refused inline by the browser check.
    await page.getByLabel('Langste opleiding die je kunt volgen (weken)').fill('900');
    await page.getByRole('button', { name: 'Rapport maken' }).click();
    await expect.poll(() => page.locator('[data-path="constraints/maxTrainingWeeks"] .field-error').isVisible()).toBe(true);
    await page.getByLabel('Langste opleiding die je kunt volgen (weken)').fill('104');
    await shot(page, 'retraining-04-career-check-step4');
    await page.getByRole('button', { name: 'Rapport maken' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Jouw Loopbaan-APK-rapport' }).isVisible()).toBe(true);
    expect(await page.locator('.report .lead').textContent()).toMatch(/\w+/);
    expect(await page.getByRole('button', { name: 'Rapport printen' }).isVisible()).toBe(true);
    await shot(page, 'retraining-05-report');

    // Printing hides the navigation, buttons and forms.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Rapport printen' }).isVisible()).toBe(false);
    expect(await page.locator('.report .lead').isVisible()).toBe(true);
    await page.pdf({ path: path.join(SCREENSHOTS, 'retraining-05-report.pdf') });
    await page.emulateMedia({ media: 'screen' });

    const request = page.getByRole('form', { name: 'Afspraak aanvragen' });
    await request.getByLabel('Bericht').fill('Ik wil graag mijn keuze voor de zorg bespreken.');
    await request.getByRole('button', { name: 'Afspraak aanvragen' }).click();
    await expect.poll(() => page.locator('li.appointment .badge').first().textContent()).toBe('Verstuurd');
    await shot(page, 'retraining-06-appointment-requested');
    expect(browserErrors).toEqual([]);
  }, 180_000);

  it('2. the Leerwerkloket approves the voucher and answers the appointment', async () => {
    expect(courseTitle, 'journey 1 must have run').not.toBe('');
    const page = await suite.newPage();
    await suite.login(page, 'intermediary');
    await page.getByRole('link', { name: 'Leerwerkloket' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Leerwerkloket');
    const application = page.locator('#co-vouchers ~ div li.voucher', { hasText: courseTitle }).filter({ hasText: MOTIVATION });
    await expect.poll(() => application.count()).toBe(1);
    expect(await application.textContent()).toMatch(/minder dan €\s20\.000/);
    await shot(page, 'retraining-10-coaching');

    // Rejecting needs a reason: the empty one is caught inline; then cancel and approve instead.
    await application.getByRole('button', { name: `Afwijzen: ${courseTitle}` }).click();
    await application.getByRole('button', { name: 'Afwijzing versturen' }).click();
    await expect.poll(() => application.locator('.field-error').first().textContent()).toContain('Geef een reden');
    await application.getByRole('button', { name: 'Annuleren' }).click();
    await application.getByRole('button', { name: `Toekennen: ${courseTitle}` }).click();
    await expect.poll(() => application.count()).toBe(0);

    // The coached person's pathways open from their appointment request.
    const appointment = page.locator('li.appointment', { hasText: 'Sanne Bakker' }).first();
    await expect.poll(() => appointment.locator('.badge').textContent()).toBe('Verstuurd');
    const answer = appointment.getByRole('form');
    await answer.getByRole('button', { name: 'Antwoord versturen' }).click();
    await expect.poll(() => answer.locator('[data-path="proposedAt"] .field-error').textContent()).toContain('Kies een datum en tijd');
    await answer.getByLabel('Datum en tijd').fill('2027-01-12T10:30');
    await answer.getByLabel('Waar', { exact: true }).fill('Leerwerkloket Rijnmond, Zuidplein 12');
    await answer.getByLabel('Bericht').fill('Welkom! We bespreken je Loopbaan-APK en de voucher.');
    await answer.getByRole('button', { name: 'Antwoord versturen' }).click();
    await expect.poll(() => page.locator('li.appointment', { hasText: 'Sanne Bakker' }).first().locator('.badge').textContent()).toBe('Afspraak staat');
    await shot(page, 'retraining-11-coaching-done');

    await page.locator('li.appointment', { hasText: 'Sanne Bakker' }).first().getByRole('link', { name: 'Omscholingsroutes van deze persoon' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Omscholingsroutes');
    expect(await page.locator('article.pathway').count()).toBeGreaterThan(0);
    await shot(page, 'retraining-12-coached-pathways');
    expect(browserErrors).toEqual([]);
  }, 120_000);

  it('3. the jobseeker sees the approved voucher and the appointment, also on a phone', async () => {
    const page = await suite.newPage({ width: 390, height: 844 });
    await suite.login(page, 'jobseeker');
    await page.goto(`${suite.baseUrl}/#/pathways`);
    const mine = main(page).locator('.my-vouchers li.voucher', { hasText: courseTitle });
    await expect.poll(() => mine.locator('.badge').textContent()).toBe('Toegekend');
    await expectNoSidewaysScroll(page);
    await mine.scrollIntoViewIfNeeded();
    await shot(page, 'retraining-20-voucher-approved-phone', false);

    await page.goto(`${suite.baseUrl}/#/career-check`);
    const appointment = main(page).locator('li.appointment').first();
    await expect.poll(() => appointment.locator('.badge').textContent()).toBe('Afspraak staat');
    expect(await appointment.textContent()).toContain('Zuidplein 12');
    expect(await appointment.textContent()).toContain('Welkom!');
    expect(await page.locator('.next-step').textContent()).toContain('Je afspraak met');
    await expectNoSidewaysScroll(page);
    await shot(page, 'retraining-21-report-phone');
    expect(browserErrors).toEqual([]);
  }, 120_000);
});
