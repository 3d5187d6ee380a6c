// The sync figures /metrics reports, read from the database at each scrape: whichever process
// serves /metrics, and however many workers ran the syncs, the figures are the same. The nightly
// reconciliation's runs (mode 'reconcile') are slices of a multi-night pass, not syncs: the sync
// figures leave them out, and the reconciliation is reported on its own.
import type { Queryable } from '../../db/database.ts';

export interface RunTotals {
  readonly conta: string;
  readonly resource: string;
  readonly status: string;
  readonly runs: number;
  readonly records: number;
  readonly upserted: number;
  readonly rejected: number;
  /** Records loaded with a field left empty because it was unreadable (etl.field_problems). */
  readonly fieldProblems: number;
}

export interface LastRun {
  readonly conta: string;
  readonly resource: string;
  readonly status: string;
  readonly records: number;
  readonly upserted: number;
  readonly rejected: number;
  readonly seconds: number | null;
}

export interface BudgetNow {
  /** The credential (credentialId) whose budget this is: one budget per credential. */
  readonly credential: string;
  /** Requests made with it in the last minute by every process. */
  readonly requestsLastMinute: number;
  /** Its 429 pause still on, if any. */
  readonly pausedUntil: Date | null;
}

export interface ExchangeCount {
  readonly credential: string;
  readonly resource: string;
  readonly status: number;
  readonly exchanges: number;
}

export async function readRunTotals(db: Queryable): Promise<RunTotals[]> {
  const { rows } = await db.query<RunTotals>(
    `select conta, resource, status, count(*)::int as runs, coalesce(sum(records), 0)::float8 as records,
            coalesce(sum(upserted), 0)::float8 as upserted, coalesce(sum(rejected), 0)::float8 as rejected,
            coalesce(sum(field_problems), 0)::float8 as "fieldProblems"
       from etl.runs where mode <> 'reconcile' group by conta, resource, status order by conta, resource, status`,
  );
  return rows.map((r) => ({ ...r, runs: Number(r.runs), records: Number(r.records), upserted: Number(r.upserted), rejected: Number(r.rejected), fieldProblems: Number(r.fieldProblems) }));
}

/** The last finished sync of each account's resource (a run in progress has no figures yet). */
export async function readLastRuns(db: Queryable): Promise<LastRun[]> {
  const { rows } = await db.query<LastRun>(
    `select distinct on (conta, resource) conta, resource, status, records, upserted, rejected,
            extract(epoch from (finished_at - started_at))::float8 as seconds
       from etl.runs where status <> 'running' and mode <> 'reconcile'
      order by conta, resource, started_at desc`,
  );
  return rows.map((r) => ({ ...r, records: Number(r.records), upserted: Number(r.upserted), rejected: Number(r.rejected), seconds: r.seconds === null ? null : Number(r.seconds) }));
}

export interface ReconcileLast {
  readonly conta: string;
  readonly resource: string;
  /** When the last reconciliation slice that did its share (pass completed or paused) ended. */
  readonly succeededAt: Date;
}

export async function readReconcileLast(db: Queryable): Promise<ReconcileLast[]> {
  const { rows } = await db.query<{ conta: string; resource: string; succeeded_at: Date }>(
    `select conta, resource, max(finished_at) as succeeded_at
       from etl.runs where mode = 'reconcile' and status = 'succeeded' and finished_at is not null
      group by conta, resource order by conta, resource`,
  );
  return rows.map((r) => ({ conta: r.conta, resource: r.resource, succeededAt: r.succeeded_at }));
}

/** The request budget of every credential seen in the last minute or paused now. */
export async function readBudgetNow(db: Queryable): Promise<BudgetNow[]> {
  const { rows } = await db.query<{ credential: string; requests: number; paused_until: Date | null }>(
    `with recent as (
       select credential, count(*)::int as requests from etl.api_requests
        where requested_at > clock_timestamp() - interval '60 seconds' group by credential
     ), paused as (
       select credential, paused_until from etl.api_pause where paused_until > clock_timestamp()
     )
     select coalesce(r.credential, p.credential) as credential, coalesce(r.requests, 0) as requests, p.paused_until
       from recent r full join paused p on p.credential = r.credential
      order by 1`,
  );
  return rows.map((r) => ({ credential: r.credential, requestsLastMinute: Number(r.requests), pausedUntil: r.paused_until ?? null }));
}

/** CVDW exchanges by credential, resource and HTTP status (etl.api_exchanges is per credential). */
export async function readExchangeCounts(db: Queryable): Promise<ExchangeCount[]> {
  const { rows } = await db.query<ExchangeCount>(
    `select credential, resource, status, sum(exchanges)::float8 as exchanges
       from etl.api_exchanges group by credential, resource, status order by credential, resource, status`,
  );
  return rows.map((r) => ({ ...r, status: Number(r.status), exchanges: Number(r.exchanges) }));
}
