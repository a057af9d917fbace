/**
 * Which courses close a skill gap: a greedy weighted set cover. Exact minimum-cost set cover
 * is NP-hard; the greedy choice (best price per newly covered skill) is within a factor
 * ln(n) of optimal and, for gaps of a handful of skills, nearly always optimal. A last pass
 * drops any chosen course whose skills the others already cover.
 */

export interface CoverCourse {
  id: string;
  costEur: number;
  durationWeeks: number;
  skillsTaught: readonly string[];
}

export interface CoverPlan {
  courseIds: string[];
  totalCostEur: number;
  /** Followed one after the other: the honest upper bound on how long it takes. */
  totalWeeks: number;
  /** Gap skills no course in the catalogue teaches. */
  uncovered: string[];
}

/** What a plan optimises: euros or weeks per newly covered skill. */
export type CoverGoal = 'cheapest' | 'shortest';

const price = (c: CoverCourse, goal: CoverGoal): number => (goal === 'cheapest' ? c.costEur : c.durationWeeks);

/**
 * Choose courses that together teach every skill of `gap` they can, greedily by the goal's
 * price per newly covered skill (ties: more skills, then the other measure, then id).
 */
export function coverGap(gap: readonly string[], candidates: readonly CoverCourse[], goal: CoverGoal): CoverPlan {
  const open = new Set(gap);
  const chosen: CoverCourse[] = [];
  const pool = candidates.filter((c) => c.skillsTaught.some((s) => open.has(s)));
  while (open.size > 0) {
    let best: { course: CoverCourse; gain: number; ratio: number } | null = null;
    for (const course of pool) {
      if (chosen.includes(course)) continue;
      const gain = course.skillsTaught.filter((s) => open.has(s)).length;
      if (gain === 0) continue;
      const ratio = price(course, goal) / gain;
      const other = (c: CoverCourse) => price(c, goal === 'cheapest' ? 'shortest' : 'cheapest');
      if (
        !best ||
        ratio < best.ratio ||
        (ratio === best.ratio && (gain > best.gain || (gain === best.gain && (other(course) < other(best.course) || (other(course) === other(best.course) && course.id < best.course.id)))))
      ) {
        best = { course, gain, ratio };
      }
    }
    if (!best) break;
    chosen.push(best.course);
    for (const s of best.course.skillsTaught) open.delete(s);
  }
  // Redundancy pass, most expensive first: a course whose gap skills the rest cover can go.
  const covered = (list: CoverCourse[]) => new Set(list.flatMap((c) => c.skillsTaught.filter((s) => gap.includes(s))));
  for (const course of [...chosen].sort((a, b) => price(b, goal) - price(a, goal))) {
    const rest = chosen.filter((c) => c !== course);
    const need = covered(chosen);
    const still = covered(rest);
    if ([...need].every((s) => still.has(s))) chosen.splice(chosen.indexOf(course), 1);
  }
  return {
    courseIds: chosen.map((c) => c.id),
    totalCostEur: chosen.reduce((sum, c) => sum + c.costEur, 0),
    totalWeeks: chosen.reduce((sum, c) => sum + c.durationWeeks, 0),
    uncovered: [...open],
  };
}
