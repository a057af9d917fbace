/**
 * When a subscription's digest is due, computed on the wall clock of Europe/Amsterdam.
 *
 * Only `Intl` is used (no fixed offsets), so the switch between CET and CEST is handled by the
 * time-zone database: a digest at 08:00 is at 08:00 local time on both sides of the switch. A
 * time that does not exist on the spring-forward night (02:30) runs at the first instant after
 * the gap (03:30 CEST); a time that occurs twice on the fall-back night runs at the first one.
 */

export const DIGEST_TIME_ZONE = 'Europe/Amsterdam';

/** The schedule fields of a subscription. Weekdays are ISO: 1 = Monday … 7 = Sunday. */
export interface DigestSchedule {
  frequency: 'daily' | 'weekly';
  weekday?: number | undefined;
  /** `HH:MM`, 24-hour, local time. */
  timeOfDay: string;
}

/** One scheduled run: its period key (the local date, `YYYY-MM-DD`) and its instant. */
export interface Occurrence {
  periodKey: string;
  at: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading at `instant` in `timeZone`, expressed as if it were UTC milliseconds. */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (instant % 1000 + 1000) % 1000;
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function localDate(instant: Date, timeZone = DIGEST_TIME_ZONE): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`. Gaps (spring forward)
 * move forward by the gap; repeated times (fall back) take the earlier instant.
 */
export function zonedInstant(date: string, time: string, timeZone = DIGEST_TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The offsets in force half a day either side cover any transition near this wall time.
  const before = wallClockMs(wall - 12 * HOUR_MS, timeZone) - (wall - 12 * HOUR_MS);
  const after = wallClockMs(wall + 12 * HOUR_MS, timeZone) - (wall + 12 * HOUR_MS);
  const exact = [wall - before, wall - after].filter((t) => wallClockMs(t, timeZone) === wall);
  if (exact.length) return new Date(Math.min(...exact));
  // In a gap: the old offset maps the wall time to the instant just as far past the jump.
  return new Date(wall - before);
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
const isoWeekday = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The latest scheduled run at or before `now`. */
export function latestOccurrence(schedule: DigestSchedule, now: Date, timeZone = DIGEST_TIME_ZONE): Occurrence {
  const today = localDate(now, timeZone);
  // Eight days back always contains a matching weekday whose time has passed.
  for (let back = 0; back <= 8; back++) {
    const date = addDays(today, -back);
    if (schedule.frequency === 'weekly' && isoWeekday(date) !== schedule.weekday) continue;
    const at = zonedInstant(date, schedule.timeOfDay, timeZone);
    if (at.getTime() <= now.getTime()) return { periodKey: date, at };
  }
  throw new Error(`no occurrence found for ${JSON.stringify(schedule)} before ${now.toISOString()}`);
}

/** The first scheduled run strictly after `now`. */
export function nextOccurrence(schedule: DigestSchedule, now: Date, timeZone = DIGEST_TIME_ZONE): Occurrence {
  const today = localDate(now, timeZone);
  for (let ahead = 0; ahead <= 8; ahead++) {
    const date = addDays(today, ahead);
    if (schedule.frequency === 'weekly' && isoWeekday(date) !== schedule.weekday) continue;
    const at = zonedInstant(date, schedule.timeOfDay, timeZone);
    if (at.getTime() > now.getTime()) return { periodKey: date, at };
  }
  throw new Error(`no occurrence found for ${JSON.stringify(schedule)} after ${now.toISOString()}`);
}

/**
 * The period that is due at `now`, or null: the latest run at or before now, provided it is
 * not older than the subscription itself (a subscription made at 10:00 for 08:00 starts
 * tomorrow, not at once).
 */
export function duePeriod(schedule: DigestSchedule, createdAt: string, now: Date): Occurrence | null {
  const latest = latestOccurrence(schedule, now);
  return latest.at.getTime() >= Date.parse(createdAt) ? latest : null;
}

/** A period key for a forced run ("now, whatever the schedule"): unique per millisecond, no `:`. */
export function forcedPeriodKey(now: Date): string {
  return `forced-${now.toISOString().replace(/[-:.]/g, '')}`;
}
