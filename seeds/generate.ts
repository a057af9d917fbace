/**
 * Deterministic generator of realistic Dutch jobseeker profiles and vacancies, for demo
 * data and for benchmarks (search, matching, digests).
 *
 * - Occupations, their essential/optional skills and sectors come from the taxonomy
 *   (`seeds/taxonomy/*.json`); work experience stays near the desired occupation (same
 *   sector), as real careers do.
 * - Places come from the gazetteer (`core/places`): about 60 % from a weighted list of the
 *   big cities, the rest uniformly over every Dutch place, so `region` and `geo` are real.
 * - Output has exactly the shapes of `ProfileDoc` / `VacancyDoc` plus an `id` (and an
 *   `ownerId` / `organisationId`), ready for `collection.insert` or, through {@link asStored},
 *   for `toCandidateDocument`.
 *
 * Determinism: the same `(n, seed, options.now)` gives the same output, byte for byte (a
 * mulberry32 PRNG, no `Math.random`, no wall clock unless `now` is left out). Speed: about
 * 100k profiles per second on one core; nothing is validated per row (the unit test
 * validates samples against the zod schemas instead).
 *
 * Defaults mimic a live population: 10 % of profiles hidden, 3 % stale (not confirmed for
 * more than 90 days), so search and indexer code meet both. Pass `hiddenShare: 0,
 * staleShare: 0` for a population that is entirely searchable.
 */
import type { Stored } from '../core/ports/store.js';
import type { ProfileDoc } from '../core/domain/profiles.js';
import type { VacancyDoc } from '../core/domain/vacancies.js';
import { loadTaxonomy, type Occupation, type Taxonomy } from '../core/taxonomy/index.js';
import { allPlaces, lookupPlace, type PlaceMatch } from '../core/places/index.js';

export type GeneratedProfile = ProfileDoc & { id: string };
export type GeneratedVacancy = VacancyDoc & { id: string };

export interface GenerateOptions {
  /** The moment the population is generated "at" (confirmedAt, experience end dates). Default: now. */
  now?: Date;
  /** Share of profiles with visibility 'hidden' (default 0.1). */
  hiddenShare?: number;
  /** Share of profiles confirmed more than 90 days ago, so stale (default 0.03). */
  staleShare?: number;
  /** Prefix of generated ids (default `gen`), so several populations can share a store. */
  idPrefix?: string;
  /** Only these occupations (ids) are desired/advertised; default: the whole taxonomy. */
  occupations?: string[];
  /** Only these places (names as typed); default: the weighted big-city mix. */
  places?: string[];
}

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const chance = (rand: Rand, p: number): boolean => rand() < p;

/** k distinct items of xs in random order (partial Fisher–Yates on a copy). */
function sample<T>(rand: Rand, xs: readonly T[], k: number): T[] {
  const copy = [...xs];
  const n = Math.min(k, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** Relative weights roughly by population (CBS), so Rotterdam and Amsterdam dominate as they do. */
const BIG_CITIES: Array<[string, number]> = [
  ['Amsterdam', 93], ['Rotterdam', 66], ['Den Haag', 56], ['Utrecht', 37], ['Eindhoven', 24], ['Groningen', 24], ['Tilburg', 23],
  ['Almere', 22], ['Breda', 19], ['Nijmegen', 18], ['Apeldoorn', 17], ['Arnhem', 17], ['Haarlem', 16], ['Enschede', 16],
  ['Amersfoort', 16], ['Zaanstad', 16], ["'s-Hertogenbosch", 16], ['Zwolle', 13], ['Leiden', 13], ['Maastricht', 12],
  ['Dordrecht', 12], ['Zoetermeer', 13], ['Schiedam', 8], ['Vlaardingen', 7], ['Capelle aan den IJssel', 7], ['Spijkenisse', 7],
  ['Delft', 10], ['Nieuwegein', 6], ['Zeist', 6], ['Houten', 5], ['Gouda', 7], ['Leeuwarden', 12], ['Alkmaar', 11], ['Venlo', 10],
];

const FIRST_NAMES = [
  'Sanne', 'Daan', 'Emma', 'Lucas', 'Fatima', 'Mohamed', 'Sem', 'Julia', 'Noah', 'Lotte', 'Ayoub', 'Yasmina', 'Kevin', 'Priya', 'Bram',
  'Sophie', 'Thijs', 'Anouk', 'Mehmet', 'Elif', 'Jayden', 'Naomi', 'Ricardo', 'Shanti', 'Tomasz', 'Agnieszka', 'Ruben', 'Iris', 'Khalid',
  'Ilse', 'Dewi', 'Stefan', 'Mirjam', 'Omar', 'Zeynep', 'Gerrit', 'Wilma', 'Jeroen', 'Nadia', 'Abdi', 'Esther', 'Rachid', 'Lisa', 'Milan',
];
const LAST_NAMES = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder',
  'el Amrani', 'Yilmaz', 'Kaya', 'Bouzid', 'Martina', 'Nowak', 'Kowalski', 'Pinas', 'Ramdin', 'Mohan', 'Vermeulen', 'van Leeuwen',
  'Dekker', 'Brouwer', 'de Graaf', 'van der Linden', 'Kok', 'Hendriks', 'Öztürk', 'Benali', 'Sitaldin', 'Wijnaldum', 'Koster', 'Postma',
];
const STREETS = ['Dorpsstraat', 'Kerkstraat', 'Schoolstraat', 'Molenweg', 'Stationsweg', 'Beukenlaan', 'Lindelaan', 'Julianastraat', 'Slinge', 'Zuidplein'];

/** Employer names per sector: `{place}` is filled in. */
const EMPLOYERS: Record<string, string[]> = {
  zorg: ['Zorggroep {place}', 'Thuiszorg {place}', 'Ziekenhuis {place}', 'Woonzorgcentrum De Linde', 'GGZ {place}'],
  onderwijs: ['Basisschool De Regenboog', 'Kinderopvang Dikkertje Dap', 'ROC {place}', 'Lyceum {place}'],
  ict: ['Bitwerk BV', 'Codefabriek {place}', 'Gemeente {place}, afdeling I&A', 'Datapunt Nederland'],
  techniek: ['Installatiebedrijf Van Dam', 'Technische Dienst {place}', 'Metaalwerken {place}', 'Kraanbouw Holland'],
  bouw: ['Bouwbedrijf Van der Wal', 'Aannemersbedrijf {place}', 'Schildersbedrijf De Kwast', 'Infra {place}'],
  energietransitie: ['Zonnestroom {place}', 'Warmtepomp Service Nederland', 'Netbeheer West', 'Laadpunt BV'],
  'circulaire-economie': ['Kringloop {place}', 'Recycling {place}', 'Fietsenmakerij De Spaak', 'Afvalservice {place}'],
  logistiek: ['Distributiecentrum {place}', 'Transportbedrijf De Haan', 'Pakketservice Nederland', 'Havenlogistiek {place}'],
  horeca: ['Restaurant De Smaak', 'Hotel {place} Centrum', 'Eetcafé De Hoek', 'Koffiebar Boon'],
  detailhandel: ['Supermarkt {place}', 'Bakkerij Van Beek', 'Drogisterij Centrum', 'Bouwmarkt {place}'],
  schoonmaak: ['Schoonmaakbedrijf Glans', 'Facilitair Bedrijf {place}', 'Glazenwasserij Helder'],
  overheid: ['Gemeente {place}', 'Provincie', 'UWV', 'Werkplein {place}'],
  'zakelijke-dienstverlening': ['Klantcontactcentrum {place}', 'Administratiekantoor Van Rijn', 'Adviesbureau {place}', 'Uitzendbureau Werkt'],
  'handhaving-veiligheid': ['Beveiliging {place}', 'Gemeente {place}, Stadstoezicht', 'Veiligheidsregio', 'Parkeerbedrijf {place}'],
  'agrarisch-groen': ['Hoveniersbedrijf Groen', 'Kwekerij Westland', 'Dierenpark {place}', 'Groenvoorziening {place}'],
  'persoonlijke-dienstverlening': ['Kapsalon Knip', 'Salon Beauté', 'Barbershop {place}'],
};

const EDUCATION_BY_ISCO: Record<string, Array<ProfileDoc['education'][number]['level']>> = {
  '1': ['hbo', 'wo', 'mbo-4'], '2': ['hbo', 'wo'], '3': ['mbo-4', 'hbo', 'mbo-3'], '4': ['mbo-3', 'mbo-4', 'havo'],
  '5': ['mbo-2', 'mbo-3', 'vmbo'], '6': ['mbo-2', 'mbo-3'], '7': ['mbo-2', 'mbo-3', 'mbo-4'], '8': ['mbo-2', 'vmbo', 'mbo-1'],
  '9': ['vmbo', 'mbo-1', 'basisonderwijs', 'other'],
};
const SCHOOLS = ['Albeda', 'Zadkine', 'ROC Midden Nederland', 'Hogeschool Rotterdam', 'Hogeschool Utrecht', 'Erasmus Universiteit', 'Universiteit Utrecht', 'ROC van Amsterdam', 'Summa College', 'Graafschap College'];
const OTHER_LANGUAGES = ['ar', 'tr', 'pl', 'de', 'fr', 'es', 'pap', 'so', 'ti', 'uk', 'ro', 'pt'];
const LEVELS = ['A2', 'B1', 'B2', 'C1'] as const;
const SKILL_VERBS = ['Ervaring met', 'Goed in', 'Verantwoordelijk voor', 'Dagelijks bezig met', 'Collega’s ingewerkt in'];
const TRAITS = ['betrouwbaar', 'zelfstandig', 'klantgericht', 'nauwkeurig', 'flexibel inzetbaar', 'leergierig', 'een echte teamspeler', 'stressbestendig'];

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
const shortName = (o: Occupation): string => o.name.nl.replace(/\s*\(.*\)\s*$/, '');

/** Precomputed lookups, built once per taxonomy and option set. */
interface World {
  taxonomy: Taxonomy;
  occupations: Occupation[];
  occupationById: Map<string, Occupation>;
  bySector: Map<string, Occupation[]>;
  skillName: Map<string, string>;
  places: PlaceMatch[];
  bigCities: PlaceMatch[];
  bigCityCumulative: number[];
  pickPlace(rand: Rand): PlaceMatch;
}

function buildWorld(options: GenerateOptions): World {
  const taxonomy = loadTaxonomy();
  const wanted = options.occupations ? new Set(options.occupations) : undefined;
  const occupations = taxonomy.occupations.filter((o) => !wanted || wanted.has(o.id));
  if (occupations.length === 0) throw new Error(`no taxonomy occupation matches ${options.occupations?.join(', ')}`);
  const bySector = new Map<string, Occupation[]>();
  for (const o of taxonomy.occupations) bySector.set(o.sector, [...(bySector.get(o.sector) ?? []), o]);
  const resolve = (name: string): PlaceMatch => {
    const p = lookupPlace(name);
    if (!p) throw new Error(`gazetteer does not know "${name}"`);
    return p;
  };
  const places = options.places ? options.places.map(resolve) : allPlaces();
  const weighted = options.places ? places.map((p) => [p, 1] as const) : BIG_CITIES.map(([name, w]) => [resolve(name), w] as const);
  const bigCities = weighted.map(([p]) => p);
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const bigCityCumulative = weighted.map(([, w]) => (acc += w) / total);
  const uniformShare = options.places ? 0 : 0.4;
  return {
    taxonomy,
    occupations,
    occupationById: new Map(taxonomy.occupations.map((o) => [o.id, o])),
    bySector,
    skillName: new Map(taxonomy.skills.map((s) => [s.id, s.name.nl])),
    places,
    bigCities,
    bigCityCumulative,
    pickPlace(rand) {
      if (rand() < uniformShare) return pick(rand, places);
      const r = rand();
      let i = 0;
      while (i < bigCityCumulative.length - 1 && bigCityCumulative[i]! < r) i++;
      return bigCities[i]!;
    },
  };
}

function employerName(rand: Rand, sector: string, place: string): string {
  return pick(rand, EMPLOYERS[sector] ?? ['Bedrijf {place}']).replace('{place}', place);
}

function experienceFor(rand: Rand, world: World, desired: Occupation, now: number, place: string): ProfileDoc['experience'] {
  const jobs = int(rand, 0, 4);
  const out: ProfileDoc['experience'] = [];
  // Walk back in time from now: the first job generated is the latest.
  let end = now - int(rand, 0, 1) * int(rand, 30, 400) * DAY_MS;
  const current = chance(rand, 0.35);
  for (let j = 0; j < jobs; j++) {
    const length = int(rand, 4, 96) * 30 * DAY_MS;
    const start = end - length;
    const sameSector = world.bySector.get(desired.sector) ?? [desired];
    const occupation = chance(rand, 0.6) ? desired : chance(rand, 0.7) ? pick(rand, sameSector) : pick(rand, world.taxonomy.occupations);
    const skills = sample(rand, occupation.essentialSkills, 2).map((s) => world.skillName.get(s) ?? s);
    out.push({
      title: shortName(occupation),
      occupation: occupation.id,
      sector: occupation.sector,
      employerName: employerName(rand, occupation.sector, place),
      start: monthOf(start),
      end: j === 0 && current ? null : monthOf(end),
      description: `${pick(rand, SKILL_VERBS)} ${skills.join(' en ').toLowerCase()}. Bekend als ${pick(rand, TRAITS)}.`,
    });
    end = start - int(rand, 0, 12) * 30 * DAY_MS;
  }
  return out;
}

/** Months from `YYYY-MM` to `YYYY-MM` (or to `now` for a current job), counting both ends. */
function monthsIn(job: ProfileDoc['experience'][number], now: number): number {
  const index = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7));
  return index(job.end ?? monthOf(now)) - index(job.start) + 1;
}

/**
 * The skills past jobs taught: all essential skills of an occupation held for two years or
 * more, the first two of a shorter spell. Without this, someone with seven years as
 * laadpaalmonteur could list none of a laadpaalmonteur's skills (their listed skills come
 * from the job they want next), which no recruiter would believe. Uses no randomness, so
 * every other generated field stays as it was for a given seed.
 */
function skillsFromExperience(world: World, experience: ProfileDoc['experience'], now: number): string[] {
  return experience.flatMap((job) => {
    const essentials = (job.occupation && world.occupationById.get(job.occupation)?.essentialSkills) || [];
    return monthsIn(job, now) >= 24 ? essentials : essentials.slice(0, 2);
  });
}

function languagesFor(rand: Rand): ProfileDoc['languages'] {
  const out: ProfileDoc['languages'] = [{ code: 'nl', level: chance(rand, 0.7) ? 'native' : pick(rand, ['A2', 'B1', 'B2', 'C1'] as const) }];
  if (chance(rand, 0.55)) out.push({ code: 'en', level: pick(rand, LEVELS) });
  if (chance(rand, 0.3)) out.push({ code: pick(rand, OTHER_LANGUAGES), level: chance(rand, 0.6) ? 'native' : pick(rand, LEVELS) });
  return out;
}

/**
 * `n` jobseeker profiles with ids `${idPrefix}-p-<i>` and owner ids `${idPrefix}-a-<i>`.
 * Deterministic in `(n, seed, options)`; see the module comment for the mix.
 */
export function generateProfiles(n: number, seed: number, options: GenerateOptions = {}): GeneratedProfile[] {
  const world = buildWorld(options);
  const rand = prng(seed);
  const now = (options.now ?? new Date()).getTime();
  const hiddenShare = options.hiddenShare ?? 0.1;
  const staleShare = options.staleShare ?? 0.03;
  const prefix = options.idPrefix ?? 'gen';
  const out: GeneratedProfile[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const desired = pick(rand, world.occupations);
    const second = chance(rand, 0.4) ? pick(rand, world.bySector.get(desired.sector) ?? [desired]) : undefined;
    const place = world.pickPlace(rand);
    const first = pick(rand, FIRST_NAMES);
    const last = pick(rand, LAST_NAMES);
    const skills = [
      ...sample(rand, desired.essentialSkills, Math.max(1, Math.round(desired.essentialSkills.length * (0.5 + rand() * 0.5)))),
      ...sample(rand, desired.optionalSkills, int(rand, 0, 3)),
    ];
    // Someone whose trade needs a licence (chauffeurs, monteurs) has one; a B licence comes with every other.
    const wantsLicence = chance(rand, 0.6);
    const levels = EDUCATION_BY_ISCO[desired.isco08[0]!] ?? ['mbo-2'];
    const stale = chance(rand, staleShare);
    const confirmedAt = now - (stale ? int(rand, 91, 400) : int(rand, 0, 80)) * DAY_MS - int(rand, 0, DAY_MS - 1);
    const year = new Date(now).getUTCFullYear() - int(rand, 0, 25);
    const experience = experienceFor(rand, world, desired, now, place.name);
    skills.push(...skillsFromExperience(world, experience, now));
    const drivingLicence = wantsLicence || skills.some((s) => s.startsWith('rijbewijs-') && s !== 'rijbewijs-am');
    if (drivingLicence && !skills.includes('rijbewijs-b')) skills.push('rijbewijs-b');
    out[i] = {
      id: `${prefix}-p-${i}`,
      ownerId: `${prefix}-a-${i}`,
      desiredOccupations: second && second.id !== desired.id ? [desired.id, second.id] : [desired.id],
      desiredSectors: [desired.sector],
      skills: [...new Set(skills)],
      experience,
      education: [
        {
          level: pick(rand, levels),
          field: chance(rand, 0.7) ? shortName(desired) : world.taxonomy.sectors.find((s) => s.id === desired.sector)?.name.nl ?? desired.sector,
          institution: pick(rand, SCHOOLS),
          completed: chance(rand, 0.85),
          year,
        },
      ],
      languages: languagesFor(rand),
      place: place.name,
      region: place.region,
      geo: { lat: place.lat, lng: place.lng },
      maxTravelKm: pick(rand, [5, 10, 15, 20, 25, 30, 40, 50]),
      hoursPerWeek: pick(rand, [8, 12, 16, 20, 24, 24, 28, 32, 32, 36, 36, 38, 40, 40]),
      availableFrom: isoDay(now + int(rand, -30, 120) * DAY_MS),
      drivingLicence,
      visibility: chance(rand, hiddenShare) ? 'hidden' : 'anonymous',
      contact: {
        name: `${first} ${last}`,
        email: `${first}.${last}.${i}`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9.]+/g, '') + '@voorbeeld.nl',
        phone: `+31 6 ${String(10_000_000 + ((i * 7_919 + seed) % 89_999_999)).padStart(8, '0')}`,
        address: { street: pick(rand, STREETS), houseNumber: String(int(rand, 1, 250)), postcode: `${int(rand, 1000, 9999)} ${pick(rand, ['AB', 'CD', 'EK', 'GH', 'LP', 'RT', 'XZ'])}`, city: place.name },
      },
      confirmedAt: new Date(confirmedAt).toISOString(),
    };
  }
  return out;
}

const VACANCY_INTROS = [
  'Wil jij aan de slag als {occupation} in {place}? Wij zoeken per direct een collega.',
  'Voor ons team in {place} zoeken wij een enthousiaste {occupation}.',
  'Ben jij de {occupation} die ons team in {place} komt versterken?',
  'Leerwerkplek: word {occupation} bij ons in {place}, met opleiding en salaris vanaf dag één.',
];

/**
 * `n` vacancies with ids `${idPrefix}-v-<i>`, spread over `organisationIds` in turn; 85 % open,
 * the rest draft or closed. Deterministic in `(n, seed, organisationIds, options)`.
 */
export function generateVacancies(n: number, seed: number, organisationIds: string[], options: GenerateOptions = {}): GeneratedVacancy[] {
  if (organisationIds.length === 0) throw new Error('generateVacancies needs at least one organisation id');
  const world = buildWorld(options);
  const rand = prng(seed);
  const now = (options.now ?? new Date()).getTime();
  const prefix = options.idPrefix ?? 'gen';
  const out: GeneratedVacancy[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const occupation = pick(rand, world.occupations);
    const place = world.pickPlace(rand);
    const must = sample(rand, occupation.essentialSkills, int(rand, 1, Math.min(4, occupation.essentialSkills.length)));
    const nice = sample(rand, occupation.optionalSkills, int(rand, 0, 3));
    const min = pick(rand, [8, 16, 20, 24, 24, 28, 32, 32, 36]);
    const max = Math.min(40, min + pick(rand, [0, 4, 8, 8, 12]));
    const hourly = chance(rand, 0.3);
    const base = hourly ? int(rand, 14, 30) : int(rand, 2200, 5200);
    const status = chance(rand, 0.85) ? 'open' : chance(rand, 0.5) ? 'draft' : 'closed';
    const name = shortName(occupation);
    const skills = must.map((s) => world.skillName.get(s) ?? s).join(', ').toLowerCase();
    out[i] = {
      id: `${prefix}-v-${i}`,
      title: chance(rand, 0.3) ? `${name} (${min === max ? min : `${min}-${max}`} uur)` : name,
      occupation: occupation.id,
      sector: occupation.sector,
      description: `${pick(rand, VACANCY_INTROS).replace('{occupation}', name.toLowerCase()).replace('{place}', place.name)} Je brengt mee: ${skills}. Wij bieden een goed salaris, opleidingsbudget en een fijn team.`,
      mustHaveSkills: must,
      niceToHaveSkills: nice,
      place: place.name,
      region: place.region,
      geo: { lat: place.lat, lng: place.lng },
      hoursPerWeek: { min, max },
      salary: chance(rand, 0.8) ? { min: base, max: Math.round(base * (1.1 + rand() * 0.3)), period: hourly ? 'hour' : 'month' } : null,
      startDate: chance(rand, 0.7) ? isoDay(now + int(rand, 7, 120) * DAY_MS) : null,
      status,
      organisationId: organisationIds[i % organisationIds.length]!,
      createdBy: `${prefix}-recruiter-${i % organisationIds.length}`,
      publishedAt: status === 'draft' ? null : new Date(now - int(rand, 0, 60) * DAY_MS).toISOString(),
    };
  }
  return out;
}

/** Add the bookkeeping fields a store would, so generated docs can feed code that reads `Stored<T>` (benchmarks, indexer tests). */
export function asStored<T extends object>(doc: T & { id: string }, at: Date, version = 1): Stored<T> {
  const iso = at.toISOString();
  return { ...doc, version, createdAt: iso, updatedAt: iso, deletedAt: null } as Stored<T>;
}
