/**
 * The Meilisearch adapter, over the official `meilisearch` client. It owns three
 * translations: port filters → filter strings (through `meili-filter.ts` only), client
 * errors → `AppError` (network → unavailable, `invalid_*` → invalid), and Meilisearch's
 * un-escaped `_formatted` snippets → HTML-escaped highlights.
 */
import { randomBytes } from 'node:crypto';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Hit,
  type SearchParams,
} from 'meilisearch';
import { AppError, isAppError, unavailable } from '../../core/errors.js';
import type { IndexSettings, SearchEngine, SearchHit, SearchIndex, SearchQuery, SearchResult } from '../../core/ports/search.js';
import { firstGeoPoint, haversineMeters } from './embedded/filter.js';
import { escapeHtml, texts } from './embedded/text.js';
import { meiliField, meiliNumber, toMeiliFilter } from './meili-filter.js';

/** Options for {@link createMeiliSearch}. */
export interface MeiliSearchOptions {
  url: string;
  apiKey?: string;
  /** Prepended to every index uid, so that several environments or test runs can share one server. */
  indexPrefix?: string;
  /** How long a write may wait for its task (default 60 s; large reindex batches need more than the client's 5 s). */
  taskTimeoutMs?: number;
  /** Per-request HTTP timeout (default 10 s). */
  requestTimeoutMs?: number;
}

/** Fields Meilisearch adds to a hit; stripped so `document` is what was stored. */
const HIT_EXTRAS = ['_formatted', '_rankingScore', '_rankingScoreDetails', '_matchesPosition', '_geoDistance', '_federation'];

function fromResponse(error: { code: string; message: string }, cause?: unknown): AppError {
  if (error.code.startsWith('invalid_')) return new AppError('invalid', error.message, { cause });
  if (error.code === 'index_not_found') return new AppError('not_found', error.message, { cause });
  return new AppError('internal', `Meilisearch: ${error.message}`, { cause });
}

/** Every error leaving this adapter is an AppError. */
function translate(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (e instanceof MeilisearchRequestError || e instanceof MeilisearchRequestTimeOutError || e instanceof MeilisearchTaskTimeOutError) {
    return unavailable('Meilisearch', e);
  }
  if (e instanceof MeilisearchApiError) {
    if (e.cause !== undefined) return fromResponse(e.cause, e);
    return e.response.status >= 500 ? unavailable('Meilisearch', e) : new AppError('internal', e.message, { cause: e });
  }
  return new AppError('internal', 'Meilisearch call failed', { cause: e });
}

const isCode = (e: unknown, code: string): boolean => e instanceof MeilisearchApiError && e.cause?.code === code;

/**
 * Create a search engine backed by a Meilisearch server. Construction does not connect;
 * call `ping()` to fail fast at start-up.
 */
export function createMeiliSearch(options: MeiliSearchOptions): SearchEngine {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: options.requestTimeoutMs ?? 10_000 });
  const prefix = options.indexPrefix ?? '';
  const taskTimeout = options.taskTimeoutMs ?? 60_000;
  // Meilisearch does not escape HTML in `_formatted`: mark matches with tags no document can
  // plausibly contain, escape the snippet, then turn the tags into <mark>.
  const nonce = randomBytes(6).toString('hex');
  const PRE = `\uE000${nonce}\uE001`;
  const POST = `\uE002${nonce}\uE003`;
  /** uid → fields to highlight, learnt from `configure` or the server's settings. */
  const highlightFields = new Map<string, string[]>();

  const uidOf = (name: string): string => `${prefix}${name}`;

  /** Wait for a write task; a failed task throws like a failed request, unless its code is in `ignore`. */
  async function settle(task: EnqueuedTaskPromise, ignore: string[] = []): Promise<void> {
    const done = await task.waitTask({ timeout: taskTimeout });
    if (done.status === 'failed' && done.error !== null && !ignore.includes(done.error.code)) throw fromResponse(done.error);
    if (done.status === 'canceled') throw unavailable('Meilisearch (task canceled)');
  }

  async function ensureIndex(uid: string, primaryKey = 'id'): Promise<void> {
    await settle(client.createIndex(uid, { primaryKey }), ['index_already_exists']);
  }

  async function fieldsToHighlight(uid: string): Promise<string[]> {
    const known = highlightFields.get(uid);
    if (known !== undefined) return known;
    const s = await client.index(uid).getSettings();
    const fields = s.searchableAttributes ?? ['*'];
    highlightFields.set(uid, fields);
    return fields;
  }

  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw translate(e);
    }
  };

  function toParams(query: SearchQuery, highlight: string[]): SearchParams {
    const params: SearchParams = { offset: query.offset ?? 0, limit: query.limit ?? 20, showRankingScore: true };
    if (query.filter !== undefined) params.filter = toMeiliFilter(query.filter);
    if (query.facets !== undefined && query.facets.length > 0) params.facets = query.facets.map(meiliField);
    if (query.sort !== undefined && query.sort.length > 0) {
      params.sort = query.sort.map((s) => {
        const dir = s.direction === 'desc' ? 'desc' : 'asc';
        if ('geoPoint' in s) return `_geoPoint(${meiliNumber(s.geoPoint.lat, 'lat')}, ${meiliNumber(s.geoPoint.lng, 'lng')}):${dir}`;
        return `${meiliField(s.field)}:${dir}`;
      });
    }
    if (query.highlight === true) {
      params.attributesToHighlight = highlight;
      params.highlightPreTag = PRE;
      params.highlightPostTag = POST;
    }
    return params;
  }

  function toHighlights(formatted: Record<string, unknown>, fields: string[]): Record<string, string> {
    const names = fields.includes('*') ? Object.keys(formatted).filter((k) => k !== '_geo' && k !== 'id') : fields;
    const out: Record<string, string> = {};
    for (const field of names) {
      const parts = texts(formatted[field]);
      if (parts.length === 0) continue;
      out[field] = parts.map((p) => escapeHtml(p).replaceAll(PRE, '<mark>').replaceAll(POST, '</mark>')).join(', ');
    }
    return out;
  }

  function toHit<D>(hit: Hit<Record<string, unknown>>, query: SearchQuery, fields: string[]): SearchHit<D> {
    const document: Record<string, unknown> = { ...hit };
    for (const k of HIT_EXTRAS) delete document[k];
    const out: SearchHit<D> = { document: document as D, score: hit._rankingScore ?? 1 };
    if (query.highlight === true && hit._formatted !== undefined) out.highlights = toHighlights(hit._formatted, fields);
    const distance = hit['_geoDistance'];
    if (typeof distance === 'number') out.geoDistanceMeters = distance;
    else {
      // Meilisearch reports distances only for a `_geoPoint` sort; for a radius filter compute it like the embedded engine.
      const centre = firstGeoPoint(query.filter);
      const geo = document['_geo'] as { lat?: unknown; lng?: unknown } | undefined;
      if (centre !== undefined && geo !== undefined && typeof geo.lat === 'number' && typeof geo.lng === 'number') {
        out.geoDistanceMeters = Math.round(haversineMeters(centre.lat, centre.lng, geo.lat, geo.lng));
      }
    }
    return out;
  }

  return {
    index<D extends { id: string }>(name: string): SearchIndex<D> {
      const uid = uidOf(name);
      const index = client.index<D>(uid);
      return {
        name,
        configure: (settings: IndexSettings) =>
          guard(async () => {
            await ensureIndex(uid, settings.primaryKey);
            const synonyms: Record<string, string[]> = {};
            for (const group of settings.synonyms) {
              for (const word of group) synonyms[word] = [...new Set([...(synonyms[word] ?? []), ...group.filter((w) => w !== word)])];
            }
            await settle(
              index.updateSettings({
                searchableAttributes: settings.searchableAttributes.length > 0 ? settings.searchableAttributes : ['*'],
                filterableAttributes: settings.filterableAttributes,
                sortableAttributes: settings.sortableAttributes,
                synonyms,
                stopWords: settings.stopWords,
              }),
            );
            highlightFields.set(uid, settings.highlightAttributes ?? (settings.searchableAttributes.length > 0 ? settings.searchableAttributes : ['*']));
          }),
        upsert: (docs) =>
          guard(async () => {
            if (docs.length > 0) await settle(index.addDocuments(docs));
          }),
        delete: (ids) =>
          guard(async () => {
            if (ids.length > 0) await settle(index.deleteDocuments(ids), ['index_not_found']);
          }),
        search: (query) =>
          guard(async (): Promise<SearchResult<D>> => {
            try {
              const fields = query.highlight === true ? await fieldsToHighlight(uid) : [];
              const r = await client.index<Record<string, unknown>>(uid).search(query.q ?? '', toParams(query, fields));
              return {
                hits: r.hits.map((h) => toHit<D>(h, query, fields)),
                total: r.estimatedTotalHits,
                facets: r.facetDistribution ?? {},
                processingTimeMs: r.processingTimeMs,
              };
            } catch (e) {
              if (isCode(e, 'index_not_found')) return { hits: [], total: 0, facets: {}, processingTimeMs: 0 };
              throw e;
            }
          }),
        get: (id) =>
          guard(async () => {
            try {
              return await index.getDocument<D>(id);
            } catch (e) {
              if (isCode(e, 'document_not_found') || isCode(e, 'index_not_found')) return null;
              throw e;
            }
          }),
        allIds: () =>
          guard(async () => {
            const out: string[] = [];
            const page = 1000;
            try {
              for (let offset = 0; ; offset += page) {
                const r = await client.index<Record<string, unknown>>(uid).getDocuments({ fields: ['id'], limit: page, offset });
                for (const d of r.results) out.push(String(d['id']));
                if (r.results.length < page) return out;
              }
            } catch (e) {
              if (isCode(e, 'index_not_found')) return [];
              throw e;
            }
          }),
        count: () =>
          guard(async () => {
            try {
              return (await index.getStats()).numberOfDocuments;
            } catch (e) {
              if (isCode(e, 'index_not_found')) return 0;
              throw e;
            }
          }),
      };
    },

    swap: (a, b) =>
      guard(async () => {
        const [ua, ub] = [uidOf(a), uidOf(b)];
        // Meilisearch refuses to swap with a missing index; the first reindex has no live index yet.
        await ensureIndex(ua);
        await ensureIndex(ub);
        await settle(client.swapIndexes([{ indexes: [ua, ub], rename: false }]));
        const [ha, hb] = [highlightFields.get(ua), highlightFields.get(ub)];
        highlightFields.delete(ua);
        highlightFields.delete(ub);
        if (hb !== undefined) highlightFields.set(ua, hb);
        if (ha !== undefined) highlightFields.set(ub, ha);
      }),

    dropIndex: (name) =>
      guard(async () => {
        highlightFields.delete(uidOf(name));
        await settle(client.deleteIndex(uidOf(name)), ['index_not_found']);
      }),

    ping: () =>
      guard(async () => {
        await client.health();
      }),

    // The client is stateless over fetch: nothing to release.
    close: async () => {},
  };
}
