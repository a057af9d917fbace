/**
 * Field schemas shared by the domain modules: free text that is safe to store and show,
 * e-mail, phone, months and dates. Every string that reaches the store passes one of these,
 * so the rules for "what text do we accept" live in one place.
 */
import { z } from 'zod';

/**
 * Characters no honest form input contains and that make text lie about itself:
 * C0/C1 controls (NUL and friends), lone UTF-16 surrogates, private-use code points,
 * bidirectional overrides/isolates (the "RTL override" trick that makes `exe.pdf` read as
 * `fdp.exe`), zero-width spaces, word joiners and byte-order marks. ZWJ/ZWNJ stay allowed:
 * emoji sequences and some scripts need them.
 */
const INVISIBLE_OR_PRIVATE = /[\p{Cs}\p{Co}\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\u2060\uFEFF]/u;
const LINE_BREAKS = new Set(['\t', '\n', '\r']);

/** True when the text holds a control character (C0, DEL, C1), except line breaks and tabs where allowed. */
function hasControl(value: string, allowBreaks: boolean): boolean {
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if ((cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) && !(allowBreaks && LINE_BREAKS.has(ch))) return true;
  }
  return false;
}

/** True when the text holds characters no honest input contains (see above). */
export function hasForbiddenCharacters(value: string, allowBreaks = false): boolean {
  return hasControl(value, allowBreaks) || INVISIBLE_OR_PRIVATE.test(value);
}

const cleanText = (max: number, allowBreaks: boolean) =>
  z
    .string()
    .max(max * 2, `at most ${max} characters`)
    .refine((v) => !hasForbiddenCharacters(v, allowBreaks), 'contains control, invisible or direction-changing characters')
    // NFC so that "é" typed two ways compares and searches as one word.
    .transform((v) => v.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`));

/** One line of text (names, titles): trimmed, NFC, 1..max characters, no control or invisible characters. */
export const text = (max = 200) => cleanText(max, false);

/** Multi-line text (descriptions): like `text` but newlines and tabs are allowed. */
export const longText = (max = 5000) => cleanText(max, true);

/** An e-mail address, lowercased so that one person cannot register twice by case. */
export const email = z
  .email()
  .max(254)
  .transform((v) => v.toLowerCase());

/** A phone number as people write it: digits, spaces, dashes, brackets, an optional leading +. */
export const phone = z.string().regex(/^\+?[0-9][0-9 ()-]{5,19}$/, 'a phone number such as +31 6 12345678');

/** A month as `YYYY-MM` (work experience is remembered by month, not day). */
export const month = z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** A calendar date as `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

/** A taxonomy-style identifier or label (occupation, sector, skill): one line, short. */
export const term = text(120);

/** An opaque id as the store generates them; bounded so ids cannot carry payloads. */
export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id');

/** Organisations are employers or intermediaries (uitzendbureau, re-integratie, Leerwerkloket, gemeente). */
export const OrganisationKind = z.enum(['employer', 'intermediary']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;
