/**
 * The one place that writes Meilisearch filter syntax. Every value is emitted as a quoted
 * literal with `\` and `"` escaped, every number is checked finite, and every field name is
 * validated, so no user value can change the structure of the expression.
 */
import { invalid } from '../../core/errors.js';
import type { SearchFilter, SearchScalar } from '../../core/ports/search.js';

const FIELD = /^[A-Za-z0-9_.]+$/;

/** A field name safe to place unquoted in a filter or sort expression; throws `invalid` otherwise. */
export function meiliField(name: string): string {
  if (!FIELD.test(name)) throw invalid(`Field name ${JSON.stringify(name)} is not allowed in a filter`);
  return name;
}

/** A number safe to print into an expression; throws `invalid` for NaN, ±Infinity or a non-number. */
export function meiliNumber(n: unknown, what = 'A filter number'): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(`${what} must be a finite number`);
  // String() never yields exponent-free output for tiny/huge values, and Meilisearch parses `1e21`: fine either way.
  return String(n);
}

/** A double-quoted string literal: backslash and double quote escaped, nothing else can end it. */
export function quoteMeili(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function literal(v: SearchScalar): string {
  if (typeof v === 'string') return quoteMeili(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return meiliNumber(v);
}

/** Translate a structured filter into a Meilisearch filter expression. */
export function toMeiliFilter(filter: SearchFilter): string {
  if ('and' in filter) return group(filter.and, 'AND');
  if ('or' in filter) return group(filter.or, 'OR');
  if ('not' in filter) return `NOT (${toMeiliFilter(filter.not)})`;
  if ('geoRadius' in filter) {
    const { lat, lng, radiusMeters } = filter.geoRadius;
    return `_geoRadius(${meiliNumber(lat, 'lat')}, ${meiliNumber(lng, 'lng')}, ${meiliNumber(radiusMeters, 'radiusMeters')})`;
  }
  if ('eq' in filter) return `${meiliField(filter.field)} = ${literal(filter.eq)}`;
  if ('in' in filter) {
    const field = meiliField(filter.field);
    // `IN []` would match nothing in the embedded engine; say the same thing in syntax Meilisearch surely accepts.
    if (filter.in.length === 0) return `(${field} EXISTS AND ${field} NOT EXISTS)`;
    return `${field} IN [${filter.in.map(literal).join(', ')}]`;
  }
  if ('field' in filter && (filter.gte !== undefined || filter.lte !== undefined)) {
    const field = meiliField(filter.field);
    const parts: string[] = [];
    if (filter.gte !== undefined) parts.push(`${field} >= ${meiliNumber(filter.gte, 'gte')}`);
    if (filter.lte !== undefined) parts.push(`${field} <= ${meiliNumber(filter.lte, 'lte')}`);
    return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
  }
  throw invalid('Unknown filter shape');
}

function group(items: SearchFilter[], op: 'AND' | 'OR'): string {
  if (items.length === 0) throw invalid(`An \`${op.toLowerCase()}\` filter needs at least one operand`);
  return `(${items.map((f) => `(${toMeiliFilter(f)})`).join(` ${op} `)})`;
}
