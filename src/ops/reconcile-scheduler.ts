// The nightly reconciliation schedule: a second schedule, claimed in etl.schedule_ticks under its
// own name like the sync's, so with several workers each night's slice runs once.
//
// Why a fixed night tick and not SYNC_CRON's ticks: the slice needs quiet hours, and the default
// SYNC_CRON (06:00 to 22:00) leaves the night idle. The slice starts at 01:00 in SYNC_TIMEZONE and
// its window closes at the next SYNC_CRON tick (at most 12 h later), so it never holds a resource
// when the morning sync wants it. Within that window it may spend RECONCILE_BUDGET_PERCENT of the
// request budget; the budget shared through the database paces the requests themselves.
import { PRINCIPAL_ACCOUNT } from '../config-accounts.ts';
import type { AccountConfig, Config } from '../config.ts';
import type { CvdwSource } from '../cvdw/connect.ts';
import type { Database } from '../db/database.ts';
import { sliceAllowance, windowEnd } from '../sync/reconcile-plan.ts';
import { resourceLine, sliceLine } from '../sync/reconcile-messages.ts';
import { runReconcileSlice, type ReconcileSliceSummary, type ReconcileTuning } from '../sync/run-reconcile.ts';
import { parseSchedule } from './cron.ts';
import type { Logger } from './logger.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';

export const RECONCILE_CRON = '0 1 * * *';
export const RECONCILE_SCHEDULE_NAME = 'reconcile';

/** The schedule row of an account's slices; the principal keeps the name it had before accounts. */
export function reconcileScheduleName(conta: string): string {
  return conta === PRINCIPAL_ACCOUNT ? RECONCILE_SCHEDULE_NAME : `${RECONCILE_SCHEDULE_NAME}:${conta}`;
}

export interface ReconcileSchedulerOptions {
  readonly db: Database;
  readonly config: Config;
  /** The account whose slice this schedule runs; default the principal (single-account). */
  readonly account?: AccountConfig;
  readonly source: CvdwSource;
  readonly logger: Logger;
  readonly workerId: string;
  readonly now?: () => Date;
  readonly tuning?: Partial<ReconcileTuning>;
  /** Claim and run tonight's slice at start when nobody ran it and its window is still open. Default true. */
  readonly runMissedOnStart?: boolean;
  /** Told each slice's summary (tests, metrics). */
  readonly onSlice?: (summary: ReconcileSliceSummary) => void;
}

export function createReconcileScheduler(options: ReconcileSchedulerOptions): Scheduler {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const syncSchedule = parseSchedule(config.schedule.cron, config.schedule.timezone);
  // The configuration always has at least one account (principal without CVCRM_ACCOUNTS).
  const account = options.account ?? config.accounts.find((a) => a.name === PRINCIPAL_ACCOUNT) ?? config.accounts[0]!;
  const conta = account.name;
  const log = logger.child({ component: 'reconcile', conta });
  return createScheduler({
    db: options.db,
    cron: RECONCILE_CRON,
    timezone: config.schedule.timezone,
    name: reconcileScheduleName(conta),
    logger,
    workerId: options.workerId,
    now,
    ...(options.runMissedOnStart !== undefined ? { runMissedOnStart: options.runMissedOnStart } : {}),
    runSync: async (signal, tick) => {
      const start = now();
      const deadline = windowEnd(tick, syncSchedule.next(tick));
      const rpm = options.source.requestsPerMinute ?? account.requestsPerMinute;
      const allowance = sliceAllowance(rpm, config.reconcile.budgetSharePercent, start, deadline);
      if (allowance === 0) {
        log.info({ tick: tick.toISOString(), deadline: deadline.toISOString() }, 'reconciliação noturna: a janela desta noite já se fechou');
        return undefined;
      }
      log.info({ allowance, deadline: deadline.toISOString() }, 'reconciliação noturna iniciada');
      // The account rides along like runSync's (part SYNC makes the slice per account).
      const deps = { db: options.db, config, account, source: options.source, now, ...(options.tuning ? { tuning: options.tuning } : {}) };
      const summary = await runReconcileSlice(deps, { allowance, deadline, signal });
      for (const r of summary.resources) {
        const fields = { resource: r.resource, result: r.result, requests: r.requests, pages: r.pages, records: r.records, deleted: r.deleted };
        if (r.result === 'failed') log.error({ ...fields, error: r.error }, resourceLine(r));
        else log.info(fields, resourceLine(r));
      }
      log.info({ planned: summary.planned, requests: summary.requests, allowance: summary.allowance }, sliceLine(summary));
      options.onSlice?.(summary);
      return summary;
    },
  });
}
