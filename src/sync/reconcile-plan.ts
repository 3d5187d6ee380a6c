// Which resources a nightly reconciliation slice works on, and how many requests it may spend.
// Pure: the slice runner feeds it what the database says.
//
// Every resource must be re-read completely at least once every RECONCILE_DAYS. A pass that
// reaches its end sets last_full_at to the moment it began, so the age of a resource's last
// complete read is "now - last_full_at". Three kinds of resource are worked on, in this order:
//   1. passes already under way (oldest first): finishing them is what frees their rows' marks;
//   2. resources due: their last complete read is older than RECONCILE_DAYS minus one night, so
//      the pass starts a night before the deadline and has that night to spill over into;
//   3. the oldest of the rest, enough to start about one resource in RECONCILE_DAYS each night.
//      Starting a share early every night spreads the passes over the week instead of letting
//      the whole set fall due on the same night once a week.
// A resource never read completely counts from its first sync, so a new installation spreads
// its first passes the same way instead of re-reading everything on the first night.

export interface ReconcileCandidate {
  readonly resource: string;
  /** When the pass under way began; null when no pass is under way. */
  readonly passStartedAt: Date | null;
  readonly lastFullAt: Date | null;
  /** The first run of the resource (null: never synced). */
  readonly firstRunAt: Date | null;
}

const DAY_MS = 24 * 3600_000;

export function planSlice(candidates: readonly ReconcileCandidate[], now: Date, days: number): string[] {
  const underWay = candidates
    .filter((c) => c.passStartedAt !== null)
    .sort((a, b) => a.passStartedAt!.getTime() - b.passStartedAt!.getTime());
  // Never synced at all: the ordinary sync reads it first; nothing to reconcile yet.
  const idle = candidates
    .filter((c) => c.passStartedAt === null && (c.lastFullAt ?? c.firstRunAt) !== null)
    .sort((a, b) => reference(a) - reference(b) || a.resource.localeCompare(b.resource));
  const dueBefore = now.getTime() - Math.max(days - 1, 0) * DAY_MS;
  const due = idle.filter((c) => reference(c) <= dueBefore);
  const share = Math.ceil(candidates.length / days);
  // Early only once a day has passed since the last complete read: never right after the first sync.
  const early = idle
    .filter((c) => reference(c) > dueBefore && reference(c) <= now.getTime() - DAY_MS)
    .slice(0, Math.max(share - underWay.length - due.length, 0));
  return [...underWay, ...due, ...early].map((c) => c.resource);
}

function reference(c: ReconcileCandidate): number {
  return (c.lastFullAt ?? c.firstRunAt)!.getTime();
}

/**
 * The requests a slice may make: its share of the request budget over the time it has, from
 * when it starts until the window closes (the next ordinary sync). Never negative.
 */
export function sliceAllowance(requestsPerMinute: number, sharePercent: number, start: Date, windowEnd: Date): number {
  const minutes = Math.max(windowEnd.getTime() - start.getTime(), 0) / 60_000;
  return Math.floor((requestsPerMinute * sharePercent * minutes) / 100);
}

/** A slice's window closes at the next ordinary sync tick, and never later than this. */
export const MAX_WINDOW_MS = 12 * 3600_000;

/** When a slice that starts at `tick` must stop: the next ordinary sync tick, capped. */
export function windowEnd(tick: Date, nextSyncTick: Date | undefined): Date {
  const cap = tick.getTime() + MAX_WINDOW_MS;
  return new Date(nextSyncTick === undefined ? cap : Math.min(nextSyncTick.getTime(), cap));
}
