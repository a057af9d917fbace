/**
 * Tokenizer and normalizer shared by indexing, querying and highlighting, so that a word
 * is cut and folded the same way on every path.
 */

/** Runs of letters, digits and combining marks; everything else separates words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}+/gu;

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Lowercase and fold diacritics (`Één` → `een`), as Meilisearch's normalizer does. */
export function normalize(word: string): string {
  const lower = word.toLowerCase();
  // ASCII words (the vast majority) cannot carry marks: skip the NFD round trip.
  return ASCII.test(lower) ? lower : lower.normalize('NFD').replace(MARKS, '');
}

/** The normalized words of a text, in order. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = normalize(m[0]);
    if (w.length > 0) out.push(w);
  }
  return out;
}

/** A word of the original text with its offsets, for highlighting. */
export interface Span {
  start: number;
  end: number;
  word: string;
}

/** Like {@link tokenize}, but keeps where each word stands in the original text. */
export function spans(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ start: m.index, end: m.index + m[0].length, word: normalize(m[0]) });
  }
  return out;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Read a possibly dotted path (`address.city`) from a document. */
export function getPath(doc: unknown, path: string): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  const direct = (doc as Record<string, unknown>)[path];
  if (direct !== undefined || !path.includes('.')) return direct;
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Flatten a field value to the texts it contains (arrays and nested arrays included). */
export function texts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  // A list of strings (most list fields) is already the answer; callers only read it.
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? (value as string[]) : value.flatMap(texts);
  return [];
}

/** HTML-escape `text` and wrap every word whose normalized form is in `terms` in `<mark>`. */
export function highlight(text: string, terms: ReadonlySet<string>): string {
  if (!mayHoldAnyTerm(text, terms)) return escapeHtml(text);
  let out = '';
  let at = 0;
  for (const s of spans(text)) {
    if (!terms.has(s.word)) continue;
    out += `${escapeHtml(text.slice(at, s.start))}<mark>${escapeHtml(text.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * False only when no word of `text` can normalize to one of `terms`, which spares the word
 * split for most highlighted fields (they rarely hold a query word). Exact for ASCII text,
 * where normalizing is lowercasing letter by letter, so a matching word's lowercase form is
 * a substring of the lowercased text; other text always gets the full check.
 */
function mayHoldAnyTerm(text: string, terms: ReadonlySet<string>): boolean {
  if (terms.size === 0) return false;
  if (!ASCII.test(text)) return true;
  const lower = text.toLowerCase();
  for (const t of terms) if (lower.includes(t)) return true;
  return false;
}
