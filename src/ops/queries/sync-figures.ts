// The sync figures /metrics reports, read from the database at each scrape: whichever process
// serves /metrics, and however many workers ran the syncs, the figures are the same. The nightly
// reconciliation's runs (mode 'reconcile') are slices of a multi-night pass, not syncs: the sync
// figures leave them out, and the reconciliation is reported on its own.
import type { Queryable } from '../../db/database.ts';

export interface RunTotals {
  readonly resource: string;
  readonly status: string;
  readonly runs: number;
  readonly records: number;
  readonly upserted: number;
  readonly rejected: number;
}

export interface LastRun {
  readonly resource: string;
  readonly status: string;
  readonly records: number;
  readonly upserted: number;
  readonly rejected: number;
  readonly seconds: number | null;
}

export interface BudgetNow {
  /** Requests made in the last minute, every credential together. */
  readonly requestsLastMinute: number;
  /** The latest 429 pause still on, if any. */
  readonly pausedUntil: Date | null;
}

export async function readRunTotals(db: Queryable): Promise<RunTotals[]> {
  const { rows } = await db.query<RunTotals>(
    `select resource, status, count(*)::int as runs, coalesce(sum(records), 0)::float8 as records,
            coalesce(sum(upserted), 0)::float8 as upserted, coalesce(sum(rejected), 0)::float8 as rejected
       from etl.runs where mode <> 'reconcile' group by resource, status order by resource, status`,
  );
  return rows.map((r) => ({ ...r, runs: Number(r.runs), records: Number(r.records), upserted: Number(r.upserted), rejected: Number(r.rejected) }));
}

/** The last finished sync of each resource (a run in progress has no figures yet). */
export async function readLastRuns(db: Queryable): Promise<LastRun[]> {
  const { rows } = await db.query<LastRun>(
    `select distinct on (resource) resource, status, records, upserted, rejected,
            extract(epoch from (finished_at - started_at))::float8 as seconds
       from etl.runs where status <> 'running' and mode <> 'reconcile'
      order by resource, started_at desc`,
  );
  return rows.map((r) => ({ ...r, records: Number(r.records), upserted: Number(r.upserted), rejected: Number(r.rejected), seconds: r.seconds === null ? null : Number(r.seconds) }));
}

export interface ReconcileLast {
  readonly resource: string;
  /** When the last reconciliation slice that did its share (pass completed or paused) ended. */
  readonly succeededAt: Date;
}

export async function readReconcileLast(db: Queryable): Promise<ReconcileLast[]> {
  const { rows } = await db.query<{ resource: string; succeeded_at: Date }>(
    `select resource, max(finished_at) as succeeded_at
       from etl.runs where mode = 'reconcile' and status = 'succeeded' and finished_at is not null
      group by resource order by resource`,
  );
  return rows.map((r) => ({ resource: r.resource, succeededAt: r.succeeded_at }));
}

export async function readBudgetNow(db: Queryable): Promise<BudgetNow> {
  const { rows } = await db.query<{ requests: number; paused_until: Date | null }>(
    `select (select count(*)::int from etl.api_requests where requested_at > clock_timestamp() - interval '60 seconds') as requests,
            (select max(paused_until) from etl.api_pause where paused_until > clock_timestamp()) as paused_until`,
  );
  return { requestsLastMinute: Number(rows[0]?.requests ?? 0), pausedUntil: rows[0]?.paused_until ?? null };
}
