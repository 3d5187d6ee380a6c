// Schedule arithmetic on SYNC_CRON in SYNC_TIMEZONE, through croner. Pure: nothing here starts
// a timer (a Cron built without a callback only computes dates).
import { Cron } from 'croner';

export interface Schedule {
  /** The first tick strictly after `after`. */
  next(after: Date): Date | undefined;
  /** The latest tick at or before `at`. */
  previous(at: Date): Date | undefined;
}

export function parseSchedule(cron: string, timezone: string): Schedule {
  const job = new Cron(cron, { timezone, mode: '5-or-6-parts' });
  return {
    next: (after) => job.nextRun(after) ?? undefined,
    // croner's previousRuns excludes the reference itself; one millisecond later includes it.
    previous: (at) => job.previousRuns(1, new Date(at.getTime() + 1))[0],
  };
}

/** Ticks examined to find the interval: enough for a week of hourly runs, or 8 days of anything slower. */
const MAX_TICKS = 500;
const WINDOW_MS = 8 * 24 * 3600_000;

/**
 * The schedule's interval: the longest gap between consecutive ticks over the coming 8 days
 * (or 500 ticks). The longest, so a schedule that pauses at night or on weekends
 * (`0 6-22/4 * * *` has 4 h gaps by day and an 8 h one overnight) never makes fresh data look
 * stale in the morning; for an even schedule it is simply the period.
 */
export function scheduleIntervalMs(cron: string, timezone: string, from: Date = new Date()): number {
  const schedule = parseSchedule(cron, timezone);
  let previous = schedule.next(from);
  if (previous === undefined) throw new Error(`SYNC_CRON "${cron}" nunca dispara`);
  const end = previous.getTime() + WINDOW_MS;
  let longest = 0;
  for (let i = 0; i < MAX_TICKS; i++) {
    const tick = schedule.next(previous);
    if (tick === undefined) break;
    longest = Math.max(longest, tick.getTime() - previous.getTime());
    previous = tick;
    if (tick.getTime() > end) break;
  }
  if (longest === 0) throw new Error(`SYNC_CRON "${cron}" dispara uma única vez`);
  return longest;
}

const intervalCache = new Map<string, { readonly ms: number; readonly at: number }>();
const INTERVAL_TTL_MS = 6 * 3600_000;

/**
 * scheduleIntervalMs, remembered for a few hours per schedule: walking hundreds of ticks in a
 * time zone costs up to a few hundred milliseconds, too much for every /health probe. The
 * interval only moves with daylight-saving changes, so hours-old values are fine.
 */
export function cachedScheduleIntervalMs(cron: string, timezone: string, now: Date = new Date()): number {
  const key = `${timezone}|${cron}`;
  const hit = intervalCache.get(key);
  if (hit !== undefined && Math.abs(now.getTime() - hit.at) < INTERVAL_TTL_MS) return hit.ms;
  const ms = scheduleIntervalMs(cron, timezone, now);
  intervalCache.set(key, { ms, at: now.getTime() });
  return ms;
}
