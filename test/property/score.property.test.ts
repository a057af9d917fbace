/**
 * Properties of the match score, over generated candidates and vacancies. Candidates are
 * scored through `scorePair`, the same code path the matching workers use on stored profiles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scorePair } from '../../core/matching/matches.js';
import { scoreMatch, candidateFacts, vacancyFacts } from '../../core/matching/score.js';
import { COMPONENTS, DEFAULT_SCORE_OPTIONS, DEFAULT_WEIGHTS } from '../../core/matching/weights.js';
import { tensionLabel, type DemandFact } from '../../core/demand/index.js';
import type { ProfileDoc } from '../../core/domain/profiles.js';
import type { VacancyDoc } from '../../core/domain/vacancies.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const OCCUPATIONS = ['verzorgende-ig', 'helpende-zorg', 'verkoopmedewerker', 'lasser', 'software-developer', 'kok', 'orderpicker'];
const SECTORS = ['zorg', 'detailhandel', 'techniek', 'ict', 'horeca', 'logistiek'];
const SKILLS = ['klantcontact', 'teamwerk', 'plannen', 'kassawerk', 'voorraadbeheer', 'persoonlijke verzorging', 'schoonmaken', 'Nederlands'];

const month = fc.record({ y: fc.integer({ min: 2005, max: 2026 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
const geo = fc.option(fc.record({ lat: fc.double({ min: 50.8, max: 53.4, noNaN: true }), lng: fc.double({ min: 3.4, max: 7.2, noNaN: true }) }), { nil: null });
const experience = fc
  .record({ title: fc.constantFrom('Verzorgende', 'Verkoper', 'Lasser', 'Kok'), occupation: fc.option(fc.constantFrom(...OCCUPATIONS), { nil: undefined }), sector: fc.option(fc.constantFrom(...SECTORS), { nil: undefined }), start: month, end: fc.option(month, { nil: null }) })
  .map((e) => ({ ...e, employerName: 'Werkgever', ...(e.end !== null && e.end < e.start ? { start: e.end, end: e.start } : {}) }));

/** A stored profile as the workers read it, including what must never count. */
const profile = fc.record({
  skills: fc.uniqueArray(fc.constantFrom(...SKILLS), { maxLength: 6 }),
  experience: fc.array(experience, { maxLength: 4 }),
  geo,
  maxTravelKm: fc.integer({ min: 0, max: 80 }),
  hoursPerWeek: fc.integer({ min: 4, max: 40 }),
  availableFrom: fc.constantFrom('2026-10-01', '2026-12-01', '2027-03-01'),
  birthDate: fc.constantFrom('1958-03-01', '1990-05-01', '2004-12-31'),
  gender: fc.constantFrom('vrouw', 'man', 'x'),
  nationality: fc.constantFrom('NL', 'SY', 'PL', 'ER'),
}).map(({ birthDate, gender, nationality, ...p }) => ({
  ...p,
  desiredOccupations: [],
  desiredSectors: [],
  education: [],
  languages: [],
  drivingLicence: false,
  visibility: 'anonymous' as const,
  place: 'Rotterdam',
  region: 'rijnmond',
  ownerId: 'owner',
  confirmedAt: NOW.toISOString(),
  contact: { name: 'Test Persoon', email: 't@example.nl', phone: '+31 6 12345678', birthDate },
  // Not in the schema today; a profile object carrying them must still not change a score.
  gender,
  nationality,
}));

const vacancy = fc.record({
  occupation: fc.constantFrom(...OCCUPATIONS),
  sector: fc.constantFrom(...SECTORS),
  mustHaveSkills: fc.uniqueArray(fc.constantFrom(...SKILLS), { maxLength: 4 }),
  niceToHaveSkills: fc.uniqueArray(fc.constantFrom(...SKILLS), { maxLength: 3 }),
  geo,
  min: fc.integer({ min: 4, max: 36 }),
  span: fc.integer({ min: 0, max: 16 }),
  startDate: fc.option(fc.constantFrom('2026-11-01', '2027-01-15'), { nil: null }),
}).map(({ min, span, ...v }): VacancyDoc => ({
  ...v,
  title: 'Vacature',
  description: 'Omschrijving',
  hoursPerWeek: { min, max: Math.min(60, min + span) },
  salary: null,
  status: 'open',
  place: 'Rotterdam',
  region: 'rijnmond',
  organisationId: 'org',
  createdBy: 'someone',
  publishedAt: null,
}));

const tension = fc.double({ min: 0, max: 12, noNaN: true });
const demandOf = (t: number): DemandFact => ({ group: '1032', scope: 'occupation-group', region: 'rijnmond', regionName: 'Rijnmond', quarter: '2026-Q3', tension: t, label: tensionLabel(t), source: 'test', sourceDate: '2026-11-02' });
const relevance = fc.double({ min: 0, max: 1, noNaN: true });

const asProfile = (p: unknown): ProfileDoc => p as ProfileDoc;

describe('score properties', () => {
  it('components times weights add up to the total, and every component is in [0, 1]', () => {
    fc.assert(
      fc.property(profile, vacancy, relevance, fc.option(tension, { nil: null }), (p, v, r, t) => {
        const s = scorePair(asProfile(p), v, r, t === null ? null : demandOf(t), NOW);
        for (const c of COMPONENTS) {
          expect(s.components[c]).toBeGreaterThanOrEqual(0);
          expect(s.components[c]).toBeLessThanOrEqual(1);
        }
        expect(s.total).toBeCloseTo(COMPONENTS.reduce((sum, c) => sum + s.weights[c] * s.components[c], 0), 12);
      }),
    );
  });

  it('the same input gives the same output', () => {
    fc.assert(
      fc.property(profile, vacancy, relevance, tension, (p, v, r, t) => {
        expect(scorePair(asProfile(structuredClone(p)), structuredClone(v), r, demandOf(t), NOW)).toEqual(scorePair(asProfile(p), v, r, demandOf(t), NOW));
      }),
    );
  });

  it('changing birth date, gender or nationality never changes a score', () => {
    fc.assert(
      fc.property(
        profile,
        vacancy,
        relevance,
        tension,
        fc.record({ birthDate: fc.constantFrom('1950-01-01', '2007-06-30'), gender: fc.constantFrom('man', 'vrouw', 'x'), nationality: fc.constantFrom('NL', 'TR', 'MA') }),
        (p, v, r, t, other) => {
          const changed = { ...p, gender: other.gender, nationality: other.nationality, contact: { ...p.contact, birthDate: other.birthDate } };
          expect(scorePair(asProfile(changed), v, r, demandOf(t), NOW)).toEqual(scorePair(asProfile(p), v, r, demandOf(t), NOW));
        },
      ),
    );
  });

  it('more recent relevant experience never lowers a score', () => {
    fc.assert(
      fc.property(profile, vacancy, relevance, tension, fc.nat({ max: 3 }), fc.integer({ min: 1, max: 60 }), (p, v, r, t, which, shift) => {
        fc.pre(p.experience.length > 0);
        const i = which % p.experience.length;
        const e = p.experience[i]!;
        // The same job, relevant to this vacancy, moved `shift` months later (or made current).
        const relevant = { ...e, occupation: v.occupation };
        const move = (ym: string) => {
          const n = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + shift;
          const capped = Math.min(n, 2026 * 12 + 10);
          return `${Math.floor(capped / 12)}-${String((capped % 12) + 1).padStart(2, '0')}`;
        };
        const later = { ...relevant, end: relevant.end === null ? null : move(relevant.end) };
        const before = { ...p, experience: p.experience.map((x, k) => (k === i ? relevant : x)) };
        const after = { ...p, experience: p.experience.map((x, k) => (k === i ? later : x)) };
        const current = { ...p, experience: p.experience.map((x, k) => (k === i ? { ...relevant, end: null } : x)) };
        const s0 = scorePair(asProfile(before), v, r, demandOf(t), NOW).total;
        expect(scorePair(asProfile(after), v, r, demandOf(t), NOW).total).toBeGreaterThanOrEqual(s0);
        expect(scorePair(asProfile(current), v, r, demandOf(t), NOW).total).toBeGreaterThanOrEqual(s0);
      }),
    );
  });

  it('listing a skill never lowers a score, whether or not the experience already implied it', () => {
    fc.assert(
      fc.property(profile, vacancy, relevance, tension, fc.constantFrom(...SKILLS), (p, v, r, t, extra) => {
        const listed = { ...p, skills: [...new Set([...p.skills, extra])] };
        const s0 = scorePair(asProfile(p), v, r, demandOf(t), NOW);
        const s1 = scorePair(asProfile(listed), v, r, demandOf(t), NOW);
        expect(s1.components.skills).toBeGreaterThanOrEqual(s0.components.skills);
        expect(s1.total).toBeGreaterThanOrEqual(s0.total);
      }),
    );
  });

  it("a tighter market for a vacancy's sector never lowers its rank in a jobseeker's list", () => {
    fc.assert(
      fc.property(
        profile,
        fc.array(fc.record({ v: vacancy, r: relevance, t: tension }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (p, list, pick, increase) => {
          const target = list[pick % list.length]!;
          const key = (x: { v: VacancyDoc }) => `${x.v.sector}|${x.v.region}`;
          // Demand is per sector and region: every vacancy sharing the target's gets the same tension.
          const shared = new Map(list.map((x) => [key(x), x.t]));
          const rankOf = (tighten: number) => {
            const scores = list.map((x) => {
              const t = shared.get(key(x))! + (key(x) === key(target) ? tighten : 0);
              return scorePair(asProfile(p), x.v, x.r, demandOf(t), NOW).total;
            });
            const mine = scores[list.indexOf(target)]!;
            return 1 + scores.filter((s) => s > mine).length;
          };
          expect(rankOf(increase)).toBeLessThanOrEqual(rankOf(0));
        },
      ),
    );
  });

  it('the scorer cannot be given protected characteristics: the facts are an allow-list', () => {
    fc.assert(
      fc.property(profile, vacancy, (p, v) => {
        const facts = candidateFacts(asProfile(p));
        expect(Object.keys(facts).sort()).toEqual(['availableFrom', 'experience', 'geo', 'hoursPerWeek', 'maxTravelKm', 'skills']);
        expect(JSON.stringify(facts)).not.toMatch(/birthDate|gender|nationality|Test Persoon/);
        expect(scoreMatch({ candidate: facts, vacancy: vacancyFacts(v), relevance: 0.5, demand: null, today: '2026-11-23' }, DEFAULT_WEIGHTS, DEFAULT_SCORE_OPTIONS).total).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
