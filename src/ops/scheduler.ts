// Runs the sync on SYNC_CRON. Every replica computes the same ticks and races to claim each one
// in etl.schedule_ticks; only the claimant runs it, so N workers against one database still sync
// once per tick. A tick that passed while every worker was down runs once at the next start.
import type { Queryable } from '../db/database.ts';
import type { Logger } from './logger.ts';
import { parseSchedule, type Schedule } from './cron.ts';
import { claimTick } from './queries/schedule-ticks.ts';
import { scrubSentence } from '../util/scrub.ts';

export interface SchedulerOptions {
  readonly db: Queryable;
  readonly cron: string;
  readonly timezone: string;
  /** Row in etl.schedule_ticks; schedules with different names are independent. */
  readonly name?: string;
  /** The sync. Aborted at stop(): it should finish the page in flight, commit and return. */
  readonly runSync: (signal: AbortSignal, tick: Date) => Promise<unknown>;
  readonly logger: Logger;
  /** Recorded as claimed_by, e.g. `${hostname}:${pid}`. */
  readonly workerId: string;
  readonly now?: () => Date;
  /** Claim and run the latest tick before start-up if nobody ran it. Default true. */
  readonly runMissedOnStart?: boolean;
}

export interface Scheduler {
  start(): Promise<void>;
  /**
   * Runs the sync now, outside the schedule and without claiming a tick (the first sync at
   * start-up). False when not started or a sync of this scheduler is already running.
   */
  runNow(): boolean;
  /** Stops taking ticks, aborts the run in flight and waits for it to return. */
  stop(): Promise<void>;
  /** The next tick this process will try to claim, if started. */
  nextTick(): Date | undefined;
  /** Whether a sync started by this scheduler is running now. */
  busy(): boolean;
}

/** setTimeout's ceiling (~24.8 days); a longer wait is taken in steps. */
const MAX_DELAY_MS = 2_147_483_647;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, logger, workerId } = options;
  const name = options.name ?? 'sync';
  const now = options.now ?? (() => new Date());
  const schedule: Schedule = parseSchedule(options.cron, options.timezone);
  const log = logger.child({ component: 'scheduler', schedule: name });

  let state: 'idle' | 'started' | 'stopped' = 'idle';
  let timer: NodeJS.Timeout | undefined;
  let planned: Date | undefined;
  let running: Promise<void> | undefined;
  let claiming: Promise<unknown> | undefined;
  const abort = new AbortController();

  const arm = (after: Date): void => {
    if (state !== 'started') return;
    planned = schedule.next(after);
    if (planned === undefined) {
      log.warn('the schedule has no further ticks; the scheduler is idle');
      return;
    }
    const target = planned;
    const delay = Math.min(Math.max(target.getTime() - now().getTime(), 0), MAX_DELAY_MS);
    timer = setTimeout(() => {
      timer = undefined;
      if (now().getTime() + 1000 < target.getTime()) {
        // Only a step of a very long wait: keep waiting for the same tick.
        arm(new Date(target.getTime() - 1));
        return;
      }
      // When the timer fires late (a blocked loop, a suspended machine) the latest due tick is
      // the one to claim; the ones skipped in between are not replayed.
      const due = schedule.previous(now());
      const tick = due !== undefined && due > target ? due : target;
      claiming = onTick(tick, 'scheduled').finally(() => {
        claiming = undefined;
      });
      arm(tick);
    }, delay);
  };

  const onTick = async (tick: Date, why: 'scheduled' | 'missed'): Promise<void> => {
    if (state !== 'started') return;
    if (running !== undefined) {
      // Claiming now would only queue a second sync behind ours; another idle replica may take it.
      log.info({ tick: tick.toISOString() }, 'tick skipped: the previous sync is still running');
      return;
    }
    let claimed: boolean;
    try {
      claimed = await claimTick(db, name, tick, workerId);
    } catch (error) {
      log.warn({ tick: tick.toISOString(), error: scrubSentence(error) }, 'could not claim the tick; skipping it');
      return;
    }
    if (!claimed) {
      log.debug({ tick: tick.toISOString() }, 'tick already claimed by another worker');
      return;
    }
    // Stopped, or a requested run began while the claim was in flight.
    if (state !== 'started' || running !== undefined) return;
    running = run(tick, why).finally(() => {
      running = undefined;
    });
  };

  const run = async (tick: Date, why: 'scheduled' | 'missed' | 'requested'): Promise<void> => {
    const started = Date.now();
    log.info({ tick: tick.toISOString(), reason: why }, 'sync started');
    try {
      await options.runSync(abort.signal, tick);
      log.info({ tick: tick.toISOString(), seconds: (Date.now() - started) / 1000 }, 'sync finished');
    } catch (error) {
      log.error({ tick: tick.toISOString(), error: scrubSentence(error) }, 'sync failed');
    }
  };

  return {
    async start() {
      if (state !== 'idle') return;
      state = 'started';
      const startedAt = now();
      if (options.runMissedOnStart ?? true) {
        const missed = schedule.previous(startedAt);
        // The claim itself says whether it was missed: it succeeds only when last_tick is older.
        if (missed !== undefined) await onTick(missed, 'missed');
      }
      arm(startedAt);
      log.info({ cron: options.cron, timezone: options.timezone, next: planned?.toISOString() }, 'scheduler started');
    },

    runNow() {
      if (state !== 'started' || running !== undefined) return false;
      running = run(now(), 'requested').finally(() => {
        running = undefined;
      });
      return true;
    },

    async stop() {
      if (state === 'stopped') return;
      const wasStarted = state === 'started';
      state = 'stopped';
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      planned = undefined;
      abort.abort(new Error('o agendador está parando'));
      await claiming;
      await running;
      if (wasStarted) log.info('scheduler stopped');
    },

    nextTick: () => planned,
    busy: () => running !== undefined,
  };
}
