import { describe, expect, it } from 'vitest';
import { compareValues, compileFilter, resolvePath, sortKey } from '../../adapters/store/embedded/filter.js';
import { toMongoFilter } from '../../adapters/store/mongo.js';
import type { Filter } from '../../core/ports/store.js';

const doc = {
  name: 'Anna',
  age: 30,
  city: null,
  tags: ['zorg', 'ict'],
  address: { place: 'Utrecht' },
  jobs: [{ sector: 'zorg', years: 2 }, { sector: 'bouw', years: 7 }],
};

describe('embedded filter matcher', () => {
  it('resolves dot paths through objects and arrays', () => {
    expect(resolvePath(doc, 'address.place')).toEqual({ values: ['Utrecht'], found: true });
    expect(resolvePath(doc, 'jobs.sector')).toEqual({ values: ['zorg', 'bouw'], found: true });
    expect(resolvePath(doc, 'tags')).toEqual({ values: ['zorg', 'ict'], found: true });
    expect(resolvePath(doc, 'address.zip')).toEqual({ values: [], found: false });
    expect(resolvePath(doc, 'city')).toEqual({ values: [null], found: true });
  });

  it.each([
    [{ name: 'Anna' }, true],
    [{ name: 'anna' }, false],
    [{ 'jobs.sector': 'bouw' }, true],
    [{ 'jobs.years': { gt: 5 } }, true],
    [{ 'jobs.years': { gt: 7 } }, false],
    [{ tags: { in: ['x', 'ict'] } }, true],
    [{ tags: { ne: 'ict' } }, false],
    [{ missing: null }, true],
    [{ city: null }, true],
    [{ missing: { ne: null } }, false],
    [{ age: { ne: null } }, true],
    [{ missing: { exists: false } }, true],
    [{ city: { exists: true } }, true],
    [{ age: { gte: 30 }, name: 'Anna' }, true],
    [{ age: { lt: '40' } }, false],
    [{ name: { lt: 'B' } }, true],
  ] as Array<[Filter, boolean]>)('%j → %s', (filter, expected) => {
    expect(compileFilter(filter)(doc)).toBe(expected);
  });

  it('rejects operators and paths it does not know', () => {
    expect(() => compileFilter({ age: { $gt: 1 } } as never)).toThrow(/exactly one of/);
    expect(() => compileFilter({ age: { gt: 1, lt: 2 } } as never)).toThrow(/exactly one of/);
    expect(() => compileFilter({ $where: 'x' })).toThrow(/bad filter path/);
    expect(() => compileFilter({ 'a..b': 1 })).toThrow(/bad filter path/);
    expect(() => compileFilter({ tags: { in: 'x' } } as never)).toThrow(/needs an array/);
  });

  it('orders values by type, then value, as MongoDB does', () => {
    const values = [true, 'b', 2, null, 'a', 10, false];
    expect([...values].sort(compareValues)).toEqual([null, 2, 10, 'a', 'b', false, true]);
  });

  it('sorts arrays by their smallest element ascending and largest descending', () => {
    expect(sortKey(doc, 'jobs.years', 'asc')).toBe(2);
    expect(sortKey(doc, 'jobs.years', 'desc')).toBe(7);
    expect(sortKey(doc, 'missing', 'asc')).toBeNull();
  });
});

describe('mongo filter translation', () => {
  it('maps operators and id', () => {
    expect(toMongoFilter({ id: 'x', age: { gte: 3 }, tags: { in: ['a'] }, city: null, zip: { exists: false } })).toEqual({
      _id: 'x',
      age: { $gte: 3 },
      tags: { $in: ['a'] },
      city: null,
      zip: { $exists: false },
    });
  });

  it('never passes a query operator through', () => {
    expect(() => toMongoFilter({ age: { $where: 'sleep(1000)' } } as never)).toThrow(/exactly one of/);
    expect(() => toMongoFilter({ $or: 1 } as never)).toThrow(/bad filter path/);
  });
});
