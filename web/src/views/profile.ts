/**
 * The jobseeker's profile: an overview that says plainly whether employers can find it, and a
 * step-by-step builder that saves the whole profile at the end (the API replaces it at once).
 */
import { api, ApiError, orNull, session, type Page } from '../api.js';
import { h, type Child } from '../dom.js';
import { announce, chipList, FieldErrors, input, select, withSuggestions } from '../forms.js';
import { dateText, monthText, t, type Key } from '../i18n.js';
import { navigate } from '../router.js';
import { stepper, type Step } from '../stepper.js';
import { allSectors, nameOf, namer, suggestOccupations, suggestPlaces, suggestSkills } from '../taxonomy.js';
import type { Education, Language, Profile, ProfileInput, ProfileView, WorkExperience } from '../types.js';

/** The profile as the PUT body wants it, from what GET returned. */
export function toInput(p: Profile): ProfileInput {
  return {
    desiredOccupations: p.desiredOccupations,
    desiredSectors: p.desiredSectors,
    skills: p.skills,
    experience: p.experience,
    education: p.education,
    languages: p.languages,
    place: p.place,
    maxTravelKm: p.maxTravelKm,
    hoursPerWeek: p.hoursPerWeek,
    availableFrom: p.availableFrom,
    drivingLicence: p.drivingLicence,
    visibility: p.visibility,
    contact: p.contact,
  };
}

const loadProfile = (): Promise<Profile | null> => orNull(api<Profile>('GET', '/api/v1/me/profile'));

/** "Mijn profiel": status first (findable or not, fresh or not), then what it says. */
export async function profileView(): Promise<HTMLElement> {
  const profile = await loadProfile();
  if (!profile) {
    return h(
      'div',
      null,
      h('h1', null, t('navProfile')),
      h('div', { class: 'notice' }, h('p', null, t('noProfileYet')), h('a', { class: 'button', href: '#/profile/edit' }, t('buildProfile'))),
    );
  }
  const [occupation, sector] = await Promise.all([namer('occupation'), namer('sector')]);
  const status = h('div', { class: 'actions' });
  const save = async (change: Partial<ProfileInput>, done: string): Promise<void> => {
    try {
      await api('PUT', '/api/v1/me/profile', { ...toInput(profile), ...change });
      navigate('/profile');
      announce(done);
    } catch (e) {
      status.append(h('p', { role: 'alert', class: 'field-error' }, e instanceof ApiError ? e.message : String(e)));
    }
  };
  const visible = profile.visibility === 'anonymous' && !profile.stale;
  const banner = h(
    'div',
    { class: `notice ${visible ? 'ok' : 'warn'}` },
    h('h2', null, visible ? t('profileVisibleTitle') : profile.stale ? t('profileStaleTitle') : t('profileHiddenTitle')),
    h('p', null, visible ? t('profileVisibleText') : profile.stale ? t('profileStaleText') : t('profileHiddenText')),
    profile.visibility === 'hidden' && h('button', { type: 'button', onclick: () => save({ visibility: 'anonymous' }, t('profileNowVisible')) }, t('makeVisible')),
    profile.stale && h('button', { type: 'button', onclick: async () => { await api('POST', '/api/v1/me/profile/confirm'); navigate('/profile'); announce(t('profileConfirmed')); } }, t('confirmProfile')),
    visible && profile.staleAt && h('p', { class: 'hint' }, t('staleAtText', { date: dateText(profile.staleAt) })),
    visible && h('p', null, h('a', { href: '#/matches' }, t('seeMyMatches'))),
  );
  let views: Page<ProfileView> = { items: [], nextCursor: null };
  try {
    views = await api<Page<ProfileView>>('GET', '/api/v1/me/profile-views?limit=10');
  } catch {
    // Who viewed the profile is extra information; the page works without it.
  }
  const dl = (rows: Array<[Key, Child]>): HTMLElement => h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', null, t(k)), h('dd', null, v || '—')]));
  return h(
    'div',
    null,
    h('h1', null, t('navProfile')),
    banner,
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/profile/edit' }, t('editProfile')), profile.visibility === 'anonymous' && h('button', { type: 'button', class: 'secondary', onclick: () => save({ visibility: 'hidden' }, t('profileNowHidden')) }, t('makeHidden'))),
    status,
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('stepWishes')),
      dl([
        ['desiredOccupations', profile.desiredOccupations.map(occupation).join(', ')],
        ['desiredSectors', profile.desiredSectors.map(sector).join(', ')],
        ['hoursPerWeek', String(profile.hoursPerWeek)],
        ['availableFrom', dateText(profile.availableFrom)],
        ['place', `${profile.place} (${t('withinKm', { km: profile.maxTravelKm })})`],
      ]),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('stepExperience')),
      profile.experience.length
        ? h('ul', { class: 'plain' }, profile.experience.map((e) => h('li', null, h('strong', null, e.title), ` — ${e.employerName}, ${monthText(e.start)} – ${e.end ? monthText(e.end) : t('now')}`)))
        : h('p', null, '—'),
    ),
    h('section', { class: 'card' }, h('h2', null, t('skills')), profile.skills.length ? h('ul', { class: 'chips' }, profile.skills.map((s) => h('li', { class: 'chip' }, s))) : h('p', null, '—')),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('profileViewsTitle')),
      views.items.length
        ? h('ul', { class: 'plain' }, views.items.map((v) => h('li', null, `${v.organisationName} — ${dateText(v.viewedAt)}`)))
        : h('p', null, t('profileViewsNone')),
    ),
  );
}

const EDUCATION_LEVELS = ['basisonderwijs', 'vmbo', 'havo', 'vwo', 'mbo-1', 'mbo-2', 'mbo-3', 'mbo-4', 'hbo', 'wo', 'other'];
const LANGUAGE_CODES = ['nl', 'en', 'ar', 'tr', 'pl', 'de', 'fr', 'es', 'pap', 'uk', 'ti', 'so', 'fa', 'ro', 'bg', 'pt', 'zh'];
const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'];

interface Row<T> {
  element: HTMLElement;
  read(): T;
}

/**
 * Repeating rows (work experience, education, languages). Adding or removing re-renders all
 * rows from their current values, so field paths (`experience/1/start`) always match indexes.
 */
function repeater<T>(initial: T[], row: (value: T, index: number, remove: () => void) => Row<T>, blank: () => T, addLabel: string): { element: HTMLElement; read(): T[] } {
  let rows: Row<T>[] = [];
  const list = h('div', { class: 'rows' });
  const render = (values: T[], focusIndex?: number): void => {
    rows = values.map((v, i) => row(v, i, () => render(rows.map((r) => r.read()).filter((_, j) => j !== i))));
    list.replaceChildren(...rows.map((r) => r.element));
    if (focusIndex !== undefined) rows[focusIndex]?.element.querySelector<HTMLElement>('input,select')?.focus();
  };
  render(initial);
  const add = h('button', { type: 'button', class: 'secondary', onclick: () => { const values = rows.map((r) => r.read()); render([...values, blank()], values.length); } }, addLabel);
  return { element: h('div', null, list, add), read: () => rows.map((r) => r.read()) };
}

/** The step-by-step profile builder. */
export async function profileBuilderView(): Promise<HTMLElement> {
  const [existing, sectors, occupation] = await Promise.all([loadProfile(), allSectors(), namer('occupation')]);
  const account = session()!.account;
  const p: ProfileInput = existing
    ? toInput(existing)
    : {
        desiredOccupations: [],
        desiredSectors: [],
        skills: [],
        experience: [],
        education: [],
        languages: [{ code: 'nl', level: 'native' }],
        place: '',
        maxTravelKm: 15,
        hoursPerWeek: 32,
        availableFrom: new Date().toISOString().slice(0, 10),
        drivingLicence: false,
        // A new profile makes the person choose; see the visibility step.
        visibility: undefined as unknown as ProfileInput['visibility'],
        contact: { name: account.name, email: account.email, phone: '' },
      };
  const errors = new FieldErrors();

  // Step 1: what work
  const occupations = chipList(p.desiredOccupations.map(occupation), { label: t('addOccupation'), suggest: suggestOccupations });
  const sectorBox = h(
    'div',
    { class: 'checks' },
    sectors.map((s) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'desiredSectors', value: s.id, checked: p.desiredSectors.includes(s.id) }), nameOf(s))),
  );
  const hours = input({ type: 'number', min: 1, max: 60, required: true, value: String(p.hoursPerWeek), inputmode: 'numeric' });
  const availableFrom = input({ type: 'date', required: true, value: p.availableFrom });

  // Step 2: experience
  const experience = repeater<WorkExperience>(
    p.experience.map((e) => ({ ...e, occupation: e.occupation ? occupation(e.occupation) : undefined })),
    (e, i, remove) => {
      const title = input({ required: true, value: e.title, autocomplete: 'organization-title' });
      const employer = input({ required: true, value: e.employerName });
      const occ = input({ value: e.occupation ?? '' });
      const start = input({ type: 'month', required: true, value: e.start, placeholder: 'JJJJ-MM' });
      const end = input({ type: 'month', value: e.end ?? '', placeholder: 'JJJJ-MM', disabled: e.end === null && !!e.start });
      const current = h('input', { type: 'checkbox', checked: e.end === null && !!e.start });
      current.addEventListener('change', () => {
        end.disabled = current.checked;
        if (current.checked) end.value = '';
      });
      const base = `experience/${i}`;
      return {
        element: h(
          'fieldset',
          { class: 'row' },
          h('legend', null, t('experienceN', { n: i + 1 })),
          errors.field(`${base}/title`, t('jobTitle'), title),
          errors.field(`${base}/employerName`, t('employerName'), employer),
          errors.field(`${base}/occupation`, t('occupationOptional'), occ, t('occupationHint'), withSuggestions(occ, suggestOccupations)),
          h('div', { class: 'two' }, errors.field(`${base}/start`, t('startMonth'), start), errors.field(`${base}/end`, t('endMonth'), end)),
          h('label', { class: 'check' }, current, t('currentJob')),
          h('button', { type: 'button', class: 'link danger', onclick: remove }, t('removeExperience')),
        ),
        read: () => ({
          title: title.value,
          employerName: employer.value,
          ...(occ.value.trim() ? { occupation: occ.value.trim() } : {}),
          start: start.value,
          end: current.checked ? null : end.value || null,
          ...(e.description ? { description: e.description } : {}),
          ...(e.sector ? { sector: e.sector } : {}),
        }),
      };
    },
    () => ({ title: '', employerName: '', start: '', end: '' }),
    t('addExperience'),
  );
  // Step 3: skills, languages, education, licence
  const skills = chipList(p.skills, { label: t('addSkill'), suggest: suggestSkills });
  const languages = repeater<Language>(
    p.languages,
    (l, i, remove) => {
      const code = select(LANGUAGE_CODES.map((c) => [c, languageName(c)]), l.code);
      const level = select(LANGUAGE_LEVELS.map((x) => [x, x === 'native' ? t('nativeLevel') : x]), l.level);
      return {
        element: h('div', { class: 'row inline' }, errors.field(`languages/${i}/code`, t('language'), code), errors.field(`languages/${i}/level`, t('level'), level), h('button', { type: 'button', class: 'link danger', onclick: remove, 'aria-label': t('removeItem', { item: languageName(l.code) }) }, '×')),
        read: () => ({ code: code.value, level: level.value }),
      };
    },
    () => ({ code: 'en', level: 'B1' }),
    t('addLanguage'),
  );
  const education = repeater<Education>(
    p.education,
    (ed, i, remove) => {
      const level = select(EDUCATION_LEVELS.map((x) => [x, x === 'other' ? t('otherEducation') : x.toUpperCase()]), ed.level);
      const field = input({ value: ed.field, required: true });
      const completed = h('input', { type: 'checkbox', checked: ed.completed });
      return {
        element: h(
          'fieldset',
          { class: 'row' },
          h('legend', null, t('educationN', { n: i + 1 })),
          h('div', { class: 'two' }, errors.field(`education/${i}/level`, t('educationLevel'), level), errors.field(`education/${i}/field`, t('educationField'), field)),
          h('label', { class: 'check' }, completed, t('completed')),
          h('button', { type: 'button', class: 'link danger', onclick: remove }, t('removeEducation')),
        ),
        read: () => ({ ...ed, level: level.value, field: field.value, completed: completed.checked }),
      };
    },
    () => ({ level: 'mbo-2', field: '', completed: true }),
    t('addEducation'),
  );
  const licence = h('input', { type: 'checkbox', checked: p.drivingLicence });

  // Step 4: place
  const place = input({ required: true, value: p.place, autocomplete: 'address-level2' });
  const travel = input({ type: 'number', min: 0, max: 300, required: true, value: String(p.maxTravelKm), inputmode: 'numeric' });

  // Step 5: contact and visibility
  const contactName = input({ required: true, value: p.contact.name, autocomplete: 'name' });
  const contactEmail = input({ type: 'email', required: true, value: p.contact.email, autocomplete: 'email' });
  const contactPhone = input({ type: 'tel', required: true, value: p.contact.phone, autocomplete: 'tel', placeholder: '+31 6 12345678' });
  const radio = (value: string, title: Key, text: Key): HTMLElement =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'visibility', value, required: true, checked: p.visibility === value }), h('span', null, h('strong', null, t(title)), h('span', { class: 'hint' }, t(text))));
  const visibility = h('div', { class: 'choices', role: 'radiogroup' }, radio('anonymous', 'visibilityAnonymous', 'visibilityAnonymousText'), radio('hidden', 'visibilityHidden', 'visibilityHiddenText'));

  const steps: Step[] = [
    {
      title: 'stepWishes',
      intro: 'stepWishesIntro',
      prefixes: ['desiredOccupations', 'desiredSectors', 'hoursPerWeek', 'availableFrom'],
      body: [
        errors.field('desiredOccupations', t('desiredOccupations'), occupations.element, t('desiredOccupationsHint')),
        errors.field('desiredSectors', t('desiredSectors'), sectorBox),
        h('div', { class: 'two' }, errors.field('hoursPerWeek', t('hoursPerWeek'), hours), errors.field('availableFrom', t('availableFrom'), availableFrom)),
      ],
    },
    { title: 'stepExperience', intro: 'stepExperienceIntro', prefixes: ['experience'], body: [experience.element] },
    {
      title: 'stepSkills',
      intro: 'stepSkillsIntro',
      prefixes: ['skills', 'languages', 'education', 'drivingLicence'],
      body: [
        errors.field('skills', t('skills'), skills.element, t('skillsHint')),
        h('label', { class: 'check' }, licence, t('drivingLicence')),
        h('h3', null, t('languages')),
        languages.element,
        h('h3', null, t('education')),
        education.element,
      ],
    },
    {
      title: 'stepPlace',
      intro: 'stepPlaceIntro',
      prefixes: ['place', 'maxTravelKm'],
      body: [errors.field('place', t('place'), place, t('placeHint'), withSuggestions(place, suggestPlaces)), errors.field('maxTravelKm', t('maxTravelKm'), travel)],
    },
    {
      title: 'stepVisibility',
      intro: 'stepVisibilityIntro',
      prefixes: ['contact', 'visibility'],
      body: [
        errors.field('visibility', t('visibility'), visibility),
        h('h3', null, t('contactDetails')),
        h('p', { class: 'hint' }, t('contactPrivate')),
        errors.field('contact/name', t('name'), contactName),
        errors.field('contact/email', t('email'), contactEmail),
        errors.field('contact/phone', t('phone'), contactPhone),
      ],
    },
  ];
  /** Browser-side checks of one step (required, number ranges), shown like the API's. */
  const check = (section: HTMLElement): boolean => {
    let ok = true;
    for (const field of section.querySelectorAll<HTMLElement>('[data-path]')) {
      const bad = [...field.querySelectorAll<HTMLInputElement>('input,select')].find((el) => !el.disabled && !el.checkValidity());
      if (!bad) continue;
      const message = bad.validity.valueMissing ? t('required') : bad.validationMessage;
      errors.set(field.dataset.path!, message);
      if (ok) bad.focus();
      ok = false;
    }
    return ok;
  };
  const collect = (): ProfileInput => ({
    desiredOccupations: occupations.values(),
    desiredSectors: [...sectorBox.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => c.value),
    skills: skills.values(),
    experience: experience.read(),
    education: education.read(),
    languages: languages.read(),
    place: place.value,
    maxTravelKm: Number(travel.value),
    hoursPerWeek: Number(hours.value),
    availableFrom: availableFrom.value,
    drivingLicence: licence.checked,
    visibility: (visibility.querySelector<HTMLInputElement>('input:checked')?.value ?? 'hidden') as ProfileInput['visibility'],
    contact: { ...p.contact, name: contactName.value, email: contactEmail.value.trim(), phone: contactPhone.value.trim() },
  });

  const save = async (): Promise<void> => {
    await api('PUT', '/api/v1/me/profile', collect());
    navigate('/profile');
    announce(t('profileSaved'));
  };
  const wizard = stepper(steps, { id: 'step', submitLabel: t('saveProfile'), errors, check, save });
  return h('div', { class: 'builder' }, h('h1', null, existing ? t('editProfile') : t('builderTitle')), wizard.nav, wizard.form);
}

/** A language's name in the UI language (Intl knows them all). */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([document.documentElement.lang || 'nl'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
