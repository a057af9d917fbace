/**
 * What a digest is made of: the new matches of a subscription within a window, read from the
 * `matches` collection the matching workers write (core/matching: one record per vacancy and
 * profile), or the candidates a saved search (core/search/queries.ts) finds that appeared or
 * changed within the window.
 *
 * Windowing rule: a match belongs to the window that contains its `updatedAt`. A match that
 * existed before the window (it was rescored) is offered only if no earlier digest record of
 * this subscription holds it, so each match id lands in exactly one digest record.
 */
import type { Deps } from '../deps.js';
import type { Filter, Stored } from '../ports/store.js';
import { matchesOf } from '../matching/matches.js';
import { CandidateSearchQuery, searchCandidates } from '../search/queries.js';
import { CANDIDATES_INDEX, type CandidateDocument } from '../search/documents.js';
import { occupationById } from '../taxonomy/index.js';
import type { SubscriptionDoc } from './subscriptions.js';

/** A half-open window [from, to) of ISO timestamps. */
export interface DigestWindow {
  from: string;
  to: string;
}

/** One line of a digest: anonymised, so a stored record or a forwarded mail leaks nobody. */
export interface DigestItem {
  /** The match id (vacancy digests) or `${profileId}@${updatedAt}` (saved searches). */
  id: string;
  profileId: string;
  vacancyId: string | null;
  score: number;
  /** The strongest components, best first. */
  reasons: Array<{ component: string; value: number }>;
  reason: string;
  /** Anonymised candidate summary (from the candidate index). */
  candidate: { occupations: string[]; place: string; experienceMonths: number; hoursPerWeek: number };
}

const TOP_REASONS = 3;

const inWindow = (at: string, w: DigestWindow): boolean => at >= w.from && at < w.to;

const occupationName = (idOrName: string): string => occupationById(idOrName)?.name.nl ?? idOrName;

function summary(doc: CandidateDocument): DigestItem['candidate'] {
  return { occupations: doc.occupations.slice(0, 3).map(occupationName), place: doc.place, experienceMonths: doc.experienceMonths, hoursPerWeek: doc.hoursPerWeek };
}

function topReasons(components: Record<string, number>): DigestItem['reasons'] {
  return Object.entries(components)
    .filter(([, v]) => Number.isFinite(v) && v > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_REASONS)
    .map(([component, value]) => ({ component, value }));
}

/**
 * Match ids among `ids` that an earlier digest record of this subscription already holds.
 * Only asked for rescored matches (created before the window), which are few.
 */
async function alreadyDigested(deps: Pick<Deps, 'store'>, subscriptionId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const records = await deps.store.collection<{ subscriptionId: string; matchIds: string[] }>('digests').find({ subscriptionId, matchIds: { in: ids } });
  const wanted = new Set(ids);
  return new Set(records.flatMap((r) => r.matchIds.filter((m) => wanted.has(m))));
}

/**
 * Candidate documents by profile id; absent ones (hidden, stale, erased) are left out, so a
 * person who left never shows up in a digest.
 */
async function candidateDocs(deps: Pick<Deps, 'search'>, profileIds: string[]): Promise<Map<string, CandidateDocument>> {
  const index = deps.search.index<CandidateDocument>(CANDIDATES_INDEX);
  const docs = await Promise.all(profileIds.map((id) => index.get(id)));
  return new Map(docs.filter((d): d is CandidateDocument => d !== null).map((d) => [d.id, d]));
}

/** New matches of a vacancy subscription in the window, best first (all of them: the record must hold every match it settles). */
export async function newMatchesFor(deps: Pick<Deps, 'store' | 'search'>, sub: Stored<SubscriptionDoc>, window: DigestWindow): Promise<DigestItem[]> {
  const filter: Filter = { vacancyId: sub.vacancyId, updatedAt: { gte: window.from } };
  const fresh = (await matchesOf(deps.store).find(filter)).filter(
    (m) => inWindow(m.updatedAt, window) && m.total >= sub.minScore && (m.status === 'new' || m.status === 'seen'),
  );
  const seen = await alreadyDigested(deps, sub.id, fresh.filter((m) => m.createdAt < window.from).map((m) => m.id));
  const candidates = fresh.filter((m) => !seen.has(m.id)).sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
  const docs = await candidateDocs(deps, candidates.map((m) => m.profileId));
  const items: DigestItem[] = [];
  for (const m of candidates) {
    const doc = docs.get(m.profileId);
    if (!doc) continue;
    items.push({ id: m.id, profileId: m.profileId, vacancyId: m.vacancyId, score: m.total, reasons: topReasons(m.components), reason: m.reason, candidate: summary(doc) });
  }
  return items;
}

/** How many pages (of 100, newest updated first) a digest reads of a saved search's results. */
const SEARCH_PAGES = 5;

/**
 * Candidates a saved search finds whose search document appeared or changed in the window,
 * best first. The search runs exactly as `GET /api/v1/search/candidates` would, sorted by
 * last update so the window is a prefix of the results. With free text the hit's relevance is
 * the score the minimum applies to; filters alone make every hit a full match.
 */
export async function newCandidatesFor(deps: Pick<Deps, 'search' | 'clock'>, sub: Stored<SubscriptionDoc>, window: DigestWindow): Promise<DigestItem[]> {
  const items: DigestItem[] = [];
  const docs = deps.search.index<CandidateDocument>(CANDIDATES_INDEX);
  for (let page = 1; page <= SEARCH_PAGES; page++) {
    const result = await searchCandidates(deps, CandidateSearchQuery.parse({ ...sub.search, sort: 'updated', limit: 100, page }));
    for (const hit of result.hits) {
      if (hit.updatedAt >= window.to || hit.updatedAt < window.from) continue;
      const score = sub.search?.q ? hit.score : 1;
      if (score < sub.minScore) continue;
      const doc = await docs.get(hit.id);
      if (!doc) continue;
      items.push({ id: `${hit.id}@${hit.updatedAt}`, profileId: hit.id, vacancyId: null, score, reasons: [{ component: 'relevance', value: score }], reason: 'Nieuw of bijgewerkt profiel dat past bij uw zoekopdracht.', candidate: summary(doc) });
    }
    const last = result.hits[result.hits.length - 1];
    if (!last || last.updatedAt < window.from || page >= result.pages) break;
  }
  return items.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** The digest items of any subscription in the window. */
export async function itemsFor(deps: Pick<Deps, 'store' | 'search' | 'clock'>, sub: Stored<SubscriptionDoc>, window: DigestWindow): Promise<DigestItem[]> {
  return sub.kind === 'vacancy' ? newMatchesFor(deps, sub, window) : newCandidatesFor(deps, sub, window);
}

/** Which of these items still exist (the match is still there, the candidate still findable): erasure and hiding win over a composed digest. */
export async function stillPresent(deps: Pick<Deps, 'store' | 'search'>, items: DigestItem[]): Promise<DigestItem[]> {
  const docs = await candidateDocs(deps, [...new Set(items.map((i) => i.profileId))]);
  const matches = await Promise.all(items.map((i) => (i.vacancyId ? matchesOf(deps.store).get(i.id) : Promise.resolve(true))));
  return items.filter((item, n) => docs.has(item.profileId) && matches[n] !== null);
}
