import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteMeili, toMeiliFilter } from '../../adapters/search/meili-filter.js';
import { isAppError } from '../../core/errors.js';
import type { SearchFilter } from '../../core/ports/search.js';

/**
 * Read one double-quoted literal the way Meilisearch's filter parser does
 * (crates/filter-parser/src/value.rs): find the closing quote skipping `\x` pairs, replace
 * `\"` by `"`, then resolve the remaining backslash escapes. Any escape other than `\\`
 * left at that point means our quoting let something through, so it throws.
 */
function readLiteral(input: string): { value: string; rest: string } {
  if (input[0] !== '"') throw new Error(`not a literal: ${input}`);
  let i = 1;
  while (i < input.length && input[i] !== '"') i += input[i] === '\\' ? 2 : 1;
  if (i >= input.length) throw new Error('unterminated literal');
  const unquoted = input.slice(1, i).replaceAll('\\"', '"');
  const value = unquoted.replace(/\\(.)/gsu, (_, c: string) => {
    if (c !== '\\') throw new Error(`unexpected escape \\${c}`);
    return c;
  });
  return { value, rest: input.slice(i + 1) };
}

function expectInvalid(f: () => unknown): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(isAppError(error) && error.code === 'invalid', `expected AppError invalid, got ${String(error)}`).toBe(true);
}

const HOSTILE = ['a" OR sector = "ICT', "') OR (1=1", '\\"', 'x\\', '\\', '"', 'a) OR (b', 'NOT sector EXISTS', '_geoRadius(0, 0, 1e9)', 'line\nbreak', ''];

describe('toMeiliFilter', () => {
  it('keeps any string value one quoted literal that reads back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const expr = toMeiliFilter({ field: 'sector', eq: value });
        expect(expr.startsWith('sector = "')).toBe(true);
        const { value: read, rest } = readLiteral(expr.slice('sector = '.length));
        expect(read).toBe(value);
        expect(rest).toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every value of an in-list a separate literal', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (values) => {
        const expr = toMeiliFilter({ field: 'skills', in: values });
        let rest = expr.slice('skills IN ['.length);
        const read: string[] = [];
        for (;;) {
          const r = readLiteral(rest);
          read.push(r.value);
          if (r.rest === ']') break;
          expect(r.rest.startsWith(', ')).toBe(true);
          rest = r.rest.slice(2);
        }
        expect(read).toEqual(values);
      }),
    );
  });

  it.each(HOSTILE)('quotes the hostile value %j literally', (value) => {
    const literal = quoteMeili(value);
    expect(readLiteral(literal)).toEqual({ value, rest: '' });
    // No unescaped quote inside: every `"` but the outer two is preceded by an odd run of backslashes.
    expect(literal.slice(1, -1).replace(/\\./gs, '')).not.toContain('"');
  });

  it('writes each filter shape', () => {
    expect(toMeiliFilter({ field: 'hours', eq: 32 })).toBe('hours = 32');
    expect(toMeiliFilter({ field: 'drivingLicence', eq: true })).toBe('drivingLicence = true');
    expect(toMeiliFilter({ field: 'hours', gte: 24, lte: 36 })).toBe('(hours >= 24 AND hours <= 36)');
    expect(toMeiliFilter({ field: 'hours', lte: 36 })).toBe('hours <= 36');
    expect(toMeiliFilter({ geoRadius: { lat: 51.9225, lng: 4.47917, radiusMeters: 25000 } })).toBe('_geoRadius(51.9225, 4.47917, 25000)');
    expect(toMeiliFilter({ not: { field: 'sector', eq: 'ICT' } })).toBe('NOT (sector = "ICT")');
    expect(toMeiliFilter({ and: [{ field: 'a', eq: 'x' }, { or: [{ field: 'b', eq: 1 }, { field: 'c.d', in: ['y', 2] }] }] })).toBe(
      '((a = "x") AND (((b = 1) OR (c.d IN ["y", 2]))))',
    );
    expect(toMeiliFilter({ field: 'skills', in: [] })).toBe('(skills EXISTS AND skills NOT EXISTS)');
  });

  it.each(['sector = "x" OR a', 'a b', '', 'a"', 'a)', 'sector\n'])('rejects the field name %j', (field) => {
    expectInvalid(() => toMeiliFilter({ field, eq: 'x' }));
    expectInvalid(() => toMeiliFilter({ field, in: ['x'] }));
    expectInvalid(() => toMeiliFilter({ field, gte: 1 }));
  });

  it.each([NaN, Infinity, -Infinity])('rejects the number %s', (n) => {
    expectInvalid(() => toMeiliFilter({ field: 'hours', eq: n }));
    expectInvalid(() => toMeiliFilter({ field: 'hours', gte: n }));
    expectInvalid(() => toMeiliFilter({ geoRadius: { lat: n, lng: 4, radiusMeters: 10 } }));
  });

  it('rejects empty groups and unknown shapes', () => {
    expectInvalid(() => toMeiliFilter({ and: [] }));
    expectInvalid(() => toMeiliFilter({ or: [] }));
    expectInvalid(() => toMeiliFilter({ field: 'hours' } as SearchFilter));
    expectInvalid(() => toMeiliFilter({ field: 'hours', eq: { toString: () => '1 OR 1' } } as unknown as SearchFilter));
  });
});
