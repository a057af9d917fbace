/** The greedy course cover and the transfer score behind pathways. */
import { describe, expect, it } from 'vitest';
import { coverGap } from '../../core/pathways/cover.js';
import { transferScore } from '../../core/pathways/index.js';

const c = (id: string, costEur: number, durationWeeks: number, skillsTaught: string[]) => ({ id, costEur, durationWeeks, skillsTaught });

describe('coverGap', () => {
  const courses = [c('big', 5000, 78, ['a', 'b', 'c', 'd']), c('a-only', 300, 1, ['a']), c('bc', 1200, 10, ['b', 'c']), c('d', 400, 2, ['d']), c('unrelated', 1, 1, ['z'])];
  it('picks the cheapest combination by price per newly covered skill, and the shortest by weeks', () => {
    expect(coverGap(['a', 'b', 'c', 'd'], courses, 'cheapest')).toEqual({ courseIds: ['a-only', 'd', 'bc'], totalCostEur: 1900, totalWeeks: 13, uncovered: [] });
    expect(coverGap(['a', 'b', 'c', 'd'], courses, 'shortest')).toMatchObject({ courseIds: ['a-only', 'd', 'bc'], totalWeeks: 13 });
    expect(coverGap(['a', 'b', 'c', 'd'], [courses[0]!, courses[2]!], 'cheapest')).toMatchObject({ courseIds: ['big'], totalCostEur: 5000 });
  });
  it('drops a course the others made redundant, and reports what nothing teaches', () => {
    const plan = coverGap(['a', 'b', 'x'], [c('ab-cheap-per-skill', 100, 5, ['a', 'b']), c('a', 60, 1, ['a']), c('b', 60, 1, ['b'])], 'cheapest');
    expect(plan).toEqual({ courseIds: ['ab-cheap-per-skill'], totalCostEur: 100, totalWeeks: 5, uncovered: ['x'] });
    expect(coverGap([], courses, 'cheapest')).toEqual({ courseIds: [], totalCostEur: 0, totalWeeks: 0, uncovered: [] });
  });
});

describe('transferScore', () => {
  it('weighs essential skills double', () => {
    const occupation = { essentialSkills: ['a', 'b'], optionalSkills: ['c', 'd'] };
    expect(transferScore(occupation, new Set())).toBe(0);
    expect(transferScore(occupation, new Set(['a']))).toBeCloseTo(2 / 6);
    expect(transferScore(occupation, new Set(['c']))).toBeCloseTo(1 / 6);
    expect(transferScore(occupation, new Set(['a', 'b', 'c', 'd']))).toBe(1);
  });
});
