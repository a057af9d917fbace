/**
 * Recruiter digests and the admin's figures and mail, in headless Chromium against the whole
 * platform (demo data seeded): the demo employer subscribes to a vacancy (after an inline
 * validation error), previews the next digest and sees its matches, subscribes to a search from
 * the search page and deletes that again; the admin sees the programme figures as charts with
 * exact numbers, sends the digests now and reads one in the outbox, and opens the queue
 * dashboard. Each page is also shot at phone width, where nothing may overflow sideways.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, demoLogin, expectNoSidewaysScroll, main, nav, shot, submitLogin } from './support.js';

const suite = browserSuite();
const browserErrors = suite.errors;

/** The same page at phone width: shot, and nothing wider than the screen. */
async function phoneShot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  await expectNoSidewaysScroll(page);
  await shot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The API as a demo account, over plain HTTP (for what the screens under test do not do themselves). */
async function apiAs(role: Parameters<typeof demoLogin>[0]): Promise<(method: string, path: string, body?: unknown) => Promise<any>> {
  const { email, password } = demoLogin(role);
  const login = await fetch(`${suite.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const { token } = (await login.json()) as { token: string };
  return async (method, path, body) => {
    const res = await fetch(`${suite.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const data = await res.json().catch(() => undefined);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
}

const VACANCY = 'Helpende Zorg en Welzijn (niveau 2)';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Euros as the Dutch figures show them (4.100), as a pattern. */
const euros = (amount: number): string => escapeRegExp(new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 }).format(amount));

describe('recruiter digests and admin figures (headless Chromium)', () => {
  it('1. the employer subscribes to a vacancy, previews the next digest, and subscribes to a search', async () => {
    const page = await suite.newPage();
    await suite.login(page, 'employer');
    await nav(page).getByRole('link', { name: 'E-mailoverzichten' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('E-mailoverzichten');
    const cards = main(page).locator('ul.list > li.card');
    const before = await cards.count();

    // Nothing chosen: the form says so next to the field and puts the focus there.
    await page.getByRole('button', { name: 'Overzicht aanmaken' }).click();
    const vacancyField = page.locator('[data-path="vacancyId"]');
    await expect.poll(() => vacancyField.locator('.field-error').textContent()).toBe('Kies de vacature waarover je e-mail wilt krijgen.');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('SELECT');
    // A time that is not HH:MM and a score above 100 are caught the same way.
    await page.getByLabel('Minimale match (%)').fill('150');
    await expect.poll(() => page.locator('[data-path="minScore"] .field-error').textContent()).toBe('Vul een getal van 0 tot en met 100 in.');
    await shot(page, '30-digest-form-errors');

    await page.getByLabel('Vacature', { exact: true }).selectOption({ label: VACANCY });
    await page.getByLabel('Eén keer per week').check();
    await page.getByLabel('Op welke dag?').selectOption('2');
    await page.getByLabel('Tijdstip').fill('07:30');
    await page.getByLabel('Minimale match (%)').fill('40');
    expect(await page.locator('.field-error:visible').count()).toBe(0);
    await page.getByRole('button', { name: 'Overzicht aanmaken' }).click();
    await expect.poll(() => cards.count()).toBe(before + 1);
    const created = cards.filter({ hasText: 'Elke dinsdag om 07:30' });
    expect(await created.textContent()).toContain(`Vacature: ${VACANCY}`);
    expect(await created.textContent()).toContain('vanaf 40% match');

    // The preview: how many matches, and the mail itself in a sandboxed frame with the candidates and links.
    const preview = created.getByRole('button', { name: `Voorbeeld: Vacature: ${VACANCY}` });
    await preview.click();
    await expect.poll(() => preview.getAttribute('aria-expanded')).toBe('true');
    // Matches are scored by the workers in the first seconds after start: reopen until they are there.
    await expect
      .poll(
        async () => {
          if ((await created.locator('.preview iframe').count()) > 0) return true;
          if ((await created.locator('.preview .notice').count()) > 0) {
            await preview.click();
            await preview.click();
          }
          return false;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    expect(await created.locator('.preview').textContent()).toMatch(/\d+ nieuwe matches/);
    const frame = created.locator('.preview iframe');
    expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts');
    const inFrame = created.frameLocator('.preview iframe');
    await expect.poll(() => inFrame.getByRole('link', { name: 'Bekijk deze kandidaat' }).count()).toBeGreaterThan(0);
    expect(await inFrame.locator('body').textContent()).toContain('Sterkste punten');
    expect(await inFrame.getByRole('link', { name: 'Bekijk deze kandidaat' }).first().getAttribute('target')).toBe('_blank');
    await created.scrollIntoViewIfNeeded();
    await shot(page, '31-digest-preview');
    await phoneShot(page, '32-digest-preview-phone');

    // From the search page: "subscribe to this search" carries the search into the form.
    await nav(page).getByRole('link', { name: 'Kandidaten zoeken' }).click();
    await page.getByLabel('Zoek op beroep, vaardigheid of ervaring').fill('verzorgende');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.waitForSelector('.results[aria-busy="false"]');
    await page.getByRole('link', { name: 'Mail me nieuwe kandidaten voor deze zoekopdracht' }).click();
    await expect.poll(() => page.getByLabel('Nieuwe kandidaten voor een zoekopdracht').isChecked()).toBe(true);
    expect(await page.getByLabel('Zoek op beroep, vaardigheid of ervaring').inputValue()).toBe('verzorgende');
    await page.getByRole('button', { name: 'Overzicht aanmaken' }).click();
    const searchCard = cards.filter({ hasText: 'Zoekopdracht: “verzorgende”' });
    await expect.poll(() => searchCard.count()).toBe(1);
    await shot(page, '33-digests-list');

    // Deleting asks once, inline.
    await searchCard.getByRole('button', { name: /^Verwijderen: Zoekopdracht/ }).click();
    await searchCard.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => searchCard.count()).toBe(0);
    expect(await cards.count()).toBe(before + 1);

    // The vacancy's matches page links to a digest for that vacancy.
    await nav(page).getByRole('link', { name: 'Vacatures' }).click();
    await page.getByRole('link', { name: `Matches: ${VACANCY}` }).click();
    await page.getByRole('link', { name: 'E-mail bij nieuwe matches' }).click();
    await expect.poll(() => page.getByLabel('Vacature', { exact: true }).locator('option:checked').textContent()).toBe(VACANCY);
    expect(browserErrors).toEqual([]);
  }, 180_000);

  it('2. the admin sees the programme figures as charts with exact numbers', async () => {
    // One approved voucher, so the per-sector and per-course charts have a bar.
    const jobseeker = await apiAs('jobseeker');
    const admin = await apiAs('admin');
    const voucher = await jobseeker('POST', '/api/v1/programmes/rotterdam-scholingsfonds/vouchers', { courseId: 'onderhoudsmonteur', incomeBand: '20000-30000' });
    await admin('POST', `/api/v1/vouchers/${voucher.id}/approve`, {});
    const figures = await admin('GET', '/api/v1/programmes/rotterdam-scholingsfonds/figures');

    // A link to one programme's figures (not the first one) survives logging in, query and all.
    const page = await suite.newPage();
    await page.goto(`${suite.baseUrl}/#/admin/programmes?programme=rotterdam-scholingsfonds`);
    await expect.poll(() => page.url()).toContain(`#/login?next=${encodeURIComponent('/admin/programmes?programme=rotterdam-scholingsfonds')}`);
    await submitLogin(page, 'admin');
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Regelingen in cijfers');
    expect(await nav(page).locator('[aria-current="page"]').allTextContents()).toEqual(['Regelingen in cijfers']);
    expect(await page.getByLabel('Regeling', { exact: true }).inputValue()).toBe('rotterdam-scholingsfonds');
    await expect.poll(() => page.getByRole('heading', { level: 3, name: 'Per opleiding' }).isVisible()).toBe(true);

    const places = page.getByRole('figure', { name: 'Deelnemers en plaatsen over' });
    expect(await places.locator('.chart-row', { hasText: 'Scholingsfonds Rotterdam' }).locator('.chart-value').textContent()).toBe(`${figures.participants} van ${figures.places} plaatsen bezet`);
    const perCourse = page.locator('section.card', { has: page.getByRole('heading', { name: 'Per opleiding' }) });
    const money = perCourse.getByRole('figure', { name: 'Vastgelegd en uitgegeven' });
    // The demo history has vouchers for other courses too: the voucher's course row shows its figures from the API.
    const course = figures.perCourse[voucher.courseId] as { title: string; committedEur: number; spentEur: number };
    expect(course.committedEur).toBeGreaterThanOrEqual(voucher.amountEur);
    const row = money.locator('.chart-row').filter({ has: page.locator('.chart-label', { hasText: new RegExp(`^${escapeRegExp(course.title)}$`) }) });
    expect(await row.locator('.chart-value').textContent()).toMatch(new RegExp(`^€\\s?${euros(course.committedEur)} vastgelegd, waarvan €\\s?${euros(course.spentEur)} uitgegeven$`));
    // Bars are drawn to scale: against the course with the most committed, spent first, then only committed.
    const most = Math.max(...Object.values(figures.perCourse as Record<string, { committedEur: number }>).map((c) => c.committedEur));
    expect(await row.locator('svg.chart rect').first().getAttribute('width')).toBe(`${(100 * course.spentEur) / most}%`);
    expect(await row.locator('svg.chart rect').nth(1).getAttribute('width')).toBe(`${(100 * (course.committedEur - course.spentEur)) / most}%`);

    const bridges = page.getByRole('figure', { name: /Kandidaten die 1 of 2 vaardigheden missen/ });
    const first = figures.bridges[0];
    const firstRow = bridges.locator('.chart-row').first();
    expect(await firstRow.locator('.chart-label').textContent()).toBe(`${first.occupation.name} (${first.label})`);
    expect(await firstRow.locator('.chart-value').textContent()).toBe(`${first.withinOne} + ${first.withinTwo}`);
    expect(await firstRow.locator('svg.chart rect').count()).toBe(2);
    // The text alternative: a table with the same figures, for screen readers.
    expect(await bridges.locator('table caption').textContent()).toMatch(/Kandidaten die 1 of 2 vaardigheden missen/);
    expect(await bridges.locator('table tbody tr').first().locator('td').allTextContents()).toEqual([String(first.withinOne), String(first.withinTwo)]);
    expect(await bridges.locator('.bar-chart').getAttribute('aria-hidden')).toBe('true');
    await shot(page, '34-programme-figures');
    await phoneShot(page, '35-programme-figures-phone');
    expect(browserErrors).toEqual([]);
  }, 120_000);

  it('3. the admin sends the digests now and reads one in the outbox, then opens the queue dashboard', async () => {
    const page = await suite.newPage();
    await suite.login(page, 'admin');
    await nav(page).getByRole('link', { name: 'Verzonden e-mail' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Verzonden e-mail');
    const items = page.locator('.mail-item');
    const digests = items.filter({ hasText: 'nieuwe matches voor vacature' });
    if ((await items.count()) === 0) expect(await main(page).locator('.notice').textContent()).toBe('Nog geen verzonden e-mail.');
    expect(await digests.count()).toBe(0);

    await page.getByRole('button', { name: 'Alle e-mailoverzichten nu versturen' }).click();
    // The demo subscription and journey 1's each get their digest.
    await expect.poll(() => digests.count()).toBe(2);
    await digests.first().click();
    const opened = page.locator('article.mail');
    await expect.poll(() => opened.getByRole('heading', { level: 2 }).textContent()).toMatch(/nieuwe matches voor vacature/);
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('H2');
    expect(await opened.textContent()).toContain('werkgever@demo.kansrijk.nl');
    // Someone else's mail: no scripts, no popups, and its links (one-click unsubscribe!) lead nowhere.
    expect(await opened.locator('iframe').getAttribute('sandbox')).toBe('');
    const inFrame = opened.frameLocator('iframe');
    await expect.poll(() => inFrame.getByText('Bekijk deze kandidaat').count()).toBeGreaterThan(0);
    expect(await inFrame.locator('a[href]').count()).toBe(0);
    await opened.getByText('Tekstversie van de e-mail').click();
    expect(await opened.locator('pre.mail-text').textContent()).toContain('Afmelden: ');
    await shot(page, '36-outbox');
    await phoneShot(page, '37-outbox-phone');

    await nav(page).getByRole('link', { name: 'Wachtrijen' }).click();
    const chart = page.getByRole('figure', { name: 'Taken per wachtrij' });
    await expect.poll(() => chart.locator('.chart-row').count()).toBeGreaterThan(0);
    await shot(page, '38-queues');
    await page.getByRole('button', { name: 'Wachtrijdashboard openen' }).click();
    await page.waitForURL(/\/admin\/queues$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Wachtrijen');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Mislukte taken');
    expect(browserErrors).toEqual([]);
  }, 120_000);
});
