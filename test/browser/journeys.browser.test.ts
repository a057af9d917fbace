/**
 * The journeys of the web app in headless Chromium, against the whole platform started
 * as `npm start` does (demo data seeded). They run in order on one platform: the employer in
 * journey 2 looks for the profile the jobseeker built in journey 1. Together 1 and 2 are the
 * newcomer check: from the home page alone, sign up and build a profile, then find the demo
 * employer's log-in on the site and find that profile in search and in a vacancy's matches.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/process.js';
import { apiInPage, browserSuite, expectNoSidewaysScroll, main, nav, reloadUntil, shot } from './support.js';

const suite = browserSuite();
const browserErrors = suite.errors;

// A work-experience title no demo profile has, so the employer can search for exactly this person.
const UNIQUE_TITLE = 'Zorgmaatje Kralingen';
let profileId = '';

describe('web app journeys (headless Chromium)', () => {
  it('1. a jobseeker signs up, builds a profile step by step and sees matches', async () => {
    const page = await suite.newPage();
    await page.goto(suite.baseUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Werk dat bij je past');
    // Where the place names come from is on every page (GeoNames' licence asks for it).
    expect(await page.locator('footer').textContent()).toContain('GeoNames');
    await shot(page, '01-home');
    await page.getByRole('link', { name: 'Profiel maken' }).click();

    await page.getByLabel('Naam', { exact: true }).fill('Fatima de Vries');
    await page.getByLabel('E-mailadres').fill(`fatima.${Date.now()}@example.nl`);
    await page.getByLabel('Wachtwoord').fill('een-lang-wachtwoord');
    await page.getByRole('button', { name: 'Account maken' }).last().click();

    // Step 1: wishes. Typing an occupation and pressing Enter makes a chip.
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /Stap 1 van 5/ }).isVisible()).toBe(true);
    const occupation = page.getByRole('combobox', { name: 'Beroep toevoegen' });
    await occupation.fill('Helpende zorg en welzijn');
    await occupation.press('Enter');
    await page.getByRole('checkbox', { name: 'Zorg en welzijn', exact: true }).check();
    await page.getByLabel('Uren per week').fill('28');
    await shot(page, '02-builder-step1');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 2: experience, with dates. A missing start month is caught inline before moving on.
    await page.getByRole('button', { name: '+ Werkervaring toevoegen' }).click();
    await page.getByLabel('Functie').fill(UNIQUE_TITLE);
    await page.getByLabel('Werkgever', { exact: true }).fill('Woonzorgcentrum De Esch');
    await page.getByRole('combobox', { name: 'Beroep (niet verplicht)' }).fill('Helpende zorg en welzijn');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await expect.poll(() => page.locator('.field-error:visible').first().textContent()).toBe('Vul dit veld in');
    await shot(page, '03-builder-step2-inline-error');
    await page.getByLabel('Begonnen (maand)').fill('2021-04');
    await page.getByLabel('Hier werk ik nu nog').check();
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 3: skills with suggestions from the taxonomy.
    const skill = page.getByRole('combobox', { name: 'Vaardigheid toevoegen' });
    await skill.fill('verzorg');
    const skillList = await skill.getAttribute('list');
    await expect.poll(() => page.locator(`#${skillList} option`).evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))).toContain('Persoonlijke verzorging (ADL)');
    await skill.fill('Persoonlijke verzorging (ADL)');
    await skill.press('Enter');
    for (const s of ['klantcontact', 'teamwerk']) {
      await skill.fill(s);
      await skill.press('Enter');
    }
    await expect.poll(() => page.locator('.chip').allTextContents()).toHaveLength(4);
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 4: place. An unknown place comes back from the API as a field error with suggestions.
    await page.getByRole('combobox', { name: 'Woonplaats' }).fill('Rotterdm');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 5: visibility must be chosen; the explanation says what employers see.
    await page.getByRole('button', { name: 'Profiel opslaan' }).click();
    await expect.poll(() => page.locator('[data-path="visibility"] .field-error').textContent()).toBe('Vul dit veld in');
    await page.getByLabel(/Ja, anoniem vindbaar/).check();
    await page.getByLabel('Telefoonnummer').fill('+31 6 11122233');
    await shot(page, '04-builder-step5');
    await page.getByRole('button', { name: 'Profiel opslaan' }).click();

    // The API rejects "Rotterdm": the builder jumps back to the place step and shows its suggestion.
    await expect.poll(() => page.locator('[data-path="place"] .field-error').textContent()).toContain('Rotterdam');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /Stap 4 van 5/ }).isVisible()).toBe(true);
    await shot(page, '05-builder-api-field-error');
    await page.getByRole('combobox', { name: 'Woonplaats' }).fill('Rotterdam');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('button', { name: 'Profiel opslaan' }).click();

    await expect.poll(() => main(page).getByRole('heading', { level: 2 }).first().textContent()).toBe('Werkgevers kunnen je vinden');
    await shot(page, '06-profile-visible');

    await page.getByRole('link', { name: 'Mijn matches' }).click();
    await reloadUntil(page, async () => (await page.locator('li.match').count()) > 0);
    const first = page.locator('li.match').first();
    await expect.poll(() => first.locator('.reason').textContent()).toMatch(/\w+/);
    await first.getByText('Waarom deze match?').click();
    expect(await first.locator('.bars dt').count()).toBe(6);
    await shot(page, '07-my-matches');

    const { body: me } = await apiInPage<{ id: string; visibility: string }>(page, 'GET', '/api/v1/me/profile');
    profileId = me.id;
    expect(me.visibility).toBe('anonymous');

    // The same app on a phone: nothing overflows sideways.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${suite.baseUrl}/#/profile`);
    await main(page).waitFor();
    await expectNoSidewaysScroll(page);
    await shot(page, '08-profile-phone');
    expect(browserErrors).toEqual([]);
  }, 180_000);

  it('2. the demo employer (found from the home page, no docs) finds that profile in search and in the matches of a vacancy', async () => {
    expect(profileId, 'journey 1 must have run').not.toBe('');
    const page = await suite.newPage();
    await page.goto(suite.baseUrl);
    await page.getByRole('link', { name: 'Inloggen met een demo-account' }).click();
    await page.getByRole('button', { name: 'Inloggen als werkgever' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Vacatures');
    await shot(page, '10-employer-vacancies');

    await page.getByRole('link', { name: 'Kandidaten zoeken' }).click();
    await page.getByLabel('Zoek op beroep, vaardigheid of ervaring').fill('zorgmaatje');
    await page.getByRole('combobox', { name: 'In de buurt van (plaats)' }).fill('Rotterdam');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    const card = page.locator(`li.hit:has(a[href="#/candidates/${profileId}"])`);
    // The indexer picks the new profile up within seconds.
    await reloadUntil(page, async () => {
      await page.waitForSelector('.results[aria-busy="false"]');
      return (await card.count()) > 0;
    });
    expect(await card.textContent()).toContain(UNIQUE_TITLE);
    expect(await card.textContent()).not.toContain('Fatima');
    expect(await page.locator('.facet').count()).toBeGreaterThan(0);
    await shot(page, '11-search');

    await card.getByRole('link').first().click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Contact aanvragen' }).isVisible()).toBe(true);
    expect(await main(page).textContent()).not.toContain('Fatima');
    await shot(page, '12-candidate-anonymous');

    await page.getByRole('link', { name: 'Vacatures' }).click();
    await page.getByRole('link', { name: 'Matches: Helpende Zorg en Welzijn (niveau 2)' }).click();
    const match = page.locator(`li.match:has(a[href="#/candidates/${profileId}"])`);
    const more = page.getByRole('button', { name: 'Meer laden' });
    await reloadUntil(page, async () => {
      // Matches come 20 at a time: page on until the candidate shows or the list ends.
      while ((await match.count()) === 0 && (await more.isVisible())) {
        await more.click();
        await page.waitForTimeout(300);
      }
      return (await match.count()) > 0;
    });
    expect(await match.locator('.bars dt').count()).toBe(6);
    expect(await match.locator('.reason').textContent()).toMatch(/\w+/);
    await shot(page, '13-vacancy-matches-top', false);
    await match.scrollIntoViewIfNeeded();
    await shot(page, '14-vacancy-matches-candidate', false);
    process.stdout.write(`journey 2: the new profile ranks #${(await match.locator('h2').textContent())?.split('.')[0]} for the demo vacancy\n`);
    expect(browserErrors).toEqual([]);
  }, 180_000);

  it('3. while matching is still queued, the matches page says so and offers the update when it is done', async () => {
    const page = await suite.newPage();
    await suite.login(page, 'employer');
    // The server reports a backlog until the test lets it go (the real queue drains too fast to watch).
    let backlog = 4;
    await page.route('**/app-status', async (route) => {
      const real = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...real, matchingPending: backlog } });
    });
    await page.getByRole('link', { name: 'Matches: Helpende Zorg en Welzijn (niveau 2)' }).click();
    const notice = main(page).getByRole('status');
    await expect.poll(() => notice.textContent()).toContain('Er worden nog matches berekend (4 taken in de wachtrij)');
    expect(await page.locator('li.match').count()).toBeGreaterThan(0);
    backlog = 0;
    // The list stays put under the reader; a button offers the update.
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('De matches zijn bijgewerkt.');
    await shot(page, '15-vacancy-matches-updated');
    await notice.getByRole('button', { name: 'Bijgewerkte matches tonen' }).click();
    await expect.poll(() => main(page).getByRole('status').count()).toBe(0);
    expect(browserErrors).toEqual([]);
  }, 60_000);

  it('4. the admin uploads a demand CSV with an error (sees the line number), then a good one', async () => {
    const page = await suite.newPage();
    await suite.login(page, 'admin');
    // The heading says what the menu item says.
    expect(await nav(page).locator('[aria-current="page"]').textContent()).toBe('Vraagtabel');
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Vraagtabel');
    const good = readFileSync(path.join(ROOT, 'seeds', 'demand', 'spanningsindicator-demo.csv'));
    const lines = good.toString('utf8').split('\n');
    // Line 3 gets a negative vacancy count.
    lines[2] = lines[2]!.replace(/^([^,]+,[^,]+,[^,]+,)\d+/, '$1-5');
    await page.getByLabel('CSV-bestand').setInputFiles({ name: 'vraag-fout.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.getByRole('button', { name: 'Uploaden' }).click();
    await expect.poll(() => page.locator('.upload-errors').textContent()).toContain('Regel 3');
    await shot(page, '20-demand-upload-error');

    await page.getByLabel('CSV-bestand').setInputFiles({ name: 'vraag.csv', mimeType: 'text/csv', buffer: good });
    await page.getByRole('button', { name: 'Uploaden' }).click();
    await expect.poll(() => page.locator('.notice.ok').textContent()).toContain('Vraagtabel vervangen');
    expect(await page.locator('svg.chart rect').count()).toBe(5);
    await shot(page, '21-demand-upload-ok');

    // English is one click away and stays chosen.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Demand table');
    await page.reload();
    await expect.poll(() => main(page).getByRole('heading', { level: 1 }).textContent()).toBe('Demand table');
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('en');
    await shot(page, '22-admin-english');
    expect(browserErrors).toEqual([]);
  }, 120_000);
});
