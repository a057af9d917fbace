/**
 * Programme figures for the municipality: participants, places and budget (committed and
 * spent) in total, per sector and per course; and, for every shortage occupation of the
 * programme's regions, how many available candidates are one or two bridging skills away
 * from it, the place where a voucher euro does most.
 *
 * "Available": visible (anonymously), fresh, and available within three months. The scan
 * reads the profiles of the programme's regions once (fine for a municipality's tens of
 * thousands of jobseekers; a pre-aggregated table would be the next step beyond that).
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { isStale } from '../domain/freshness.js';
import { profiles } from '../domain/profiles.js';
import { findAll } from '../domain/pagination.js';
import { loadDemandIndex } from '../demand/index.js';
import { personSkills, skillLabel } from '../pathways/skills.js';
import { tightOccupations } from '../pathways/index.js';
import { getLedger } from './ledger.js';
import { getProgrammeDoc, vouchers, type VoucherDoc } from './index.js';

const Tally = z.object({ vouchers: z.number(), participants: z.number(), committedEur: z.number(), spentEur: z.number(), pending: z.number() });
type Tally = z.infer<typeof Tally>;

export const Bridge = z.object({
  occupation: z.object({ id: z.string(), name: z.string(), sector: z.string() }),
  region: z.string(),
  label: z.string(),
  tension: z.number(),
  withinOne: z.number().describe('available candidates missing exactly one essential skill'),
  withinTwo: z.number().describe('available candidates missing exactly two'),
  bridgingSkills: z.array(z.object({ id: z.string(), name: z.string(), candidates: z.number() })).describe('the skills most often missing among them'),
});

export const ProgrammeFigures = z.object({
  programmeId: z.string(),
  participants: z.number(),
  places: z.number(),
  placesLeft: z.number(),
  budgetEur: z.number(),
  committedEur: z.number(),
  spentEur: z.number(),
  budgetLeftEur: z.number(),
  vouchers: z.record(z.string(), z.number()).describe('count per status'),
  perSector: z.record(z.string(), Tally),
  perCourse: z.record(z.string(), Tally.extend({ title: z.string() })),
  bridges: z.array(Bridge),
});
export type ProgrammeFigures = z.infer<typeof ProgrammeFigures>;

const COMMITTED: ReadonlySet<string> = new Set(['approved', 'spent']);
const AVAILABLE_WITHIN_DAYS = 90;

function tally(list: VoucherDoc[]): Tally {
  const committed = list.filter((v) => COMMITTED.has(v.status));
  return {
    vouchers: list.length,
    participants: new Set(committed.map((v) => v.profileId)).size,
    committedEur: committed.reduce((s, v) => s + v.amountEur, 0),
    spentEur: list.filter((v) => v.status === 'spent').reduce((s, v) => s + v.amountEur, 0),
    pending: list.filter((v) => v.status === 'pending').length,
  };
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of list) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

/** The figures of one programme (see the module comment). */
export async function programmeFigures(deps: Pick<Deps, 'store' | 'clock'>, programmeId: string): Promise<ProgrammeFigures> {
  const programme = await getProgrammeDoc(deps, programmeId);
  const ledger = await getLedger(deps, programmeId);
  const all = await findAll(vouchers(deps.store), { programmeId });
  const perSector = Object.fromEntries([...groupBy(all, (v) => v.sector)].map(([k, list]) => [k, tally(list)]));
  const perCourse = Object.fromEntries([...groupBy(all, (v) => v.courseId)].map(([k, list]) => [k, { ...tally(list), title: list[0]!.courseTitle }]));
  const statuses = Object.fromEntries([...groupBy(all, (v) => v.status)].map(([k, list]) => [k, list.length]));

  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + AVAILABLE_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10);
  const today = now.toISOString().slice(0, 10);
  const index = await loadDemandIndex(deps);
  const bridges: z.infer<typeof Bridge>[] = [];
  for (const region of programme.regions) {
    const people = (await findAll(profiles(deps.store), { region, visibility: 'anonymous' }))
      .filter((p) => !isStale(p, now) && p.availableFrom <= horizon)
      .map((p) => personSkills(p, today));
    for (const { occupation, demand } of tightOccupations(index, region)) {
      if (programme.eligibleSectors.length && !programme.eligibleSectors.includes(occupation.sector)) continue;
      let withinOne = 0;
      let withinTwo = 0;
      const missing = new Map<string, number>();
      for (const have of people) {
        const gap = occupation.essentialSkills.filter((s) => !have.has(s));
        if (gap.length === 1) withinOne++;
        else if (gap.length === 2) withinTwo++;
        else continue;
        for (const s of gap) missing.set(s, (missing.get(s) ?? 0) + 1);
      }
      if (withinOne + withinTwo === 0) continue;
      bridges.push({
        occupation: { id: occupation.id, name: occupation.name.nl, sector: occupation.sector },
        region,
        label: demand.label,
        tension: Math.round(demand.tension * 100) / 100,
        withinOne,
        withinTwo,
        bridgingSkills: [...missing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([id, candidates]) => ({ id, name: skillLabel(id), candidates })),
      });
    }
  }
  bridges.sort((a, b) => b.withinOne - a.withinOne || b.withinTwo - a.withinTwo || a.occupation.id.localeCompare(b.occupation.id));
  const participants = Object.keys(ledger.perParticipant).length;
  return {
    programmeId,
    participants,
    places: ledger.places,
    placesLeft: ledger.places - participants,
    budgetEur: ledger.budgetEur,
    committedEur: ledger.committedEur,
    spentEur: ledger.spentEur,
    budgetLeftEur: ledger.budgetEur - ledger.committedEur,
    vouchers: statuses,
    perSector,
    perCourse,
    bridges,
  };
}
