// The history of runs in etl.runs: start, counters, and how each ended.
import type { Queryable } from '../../db/database.ts';

export type RunMode = 'full' | 'incremental';

export async function startRun(db: Queryable, conta: string, resource: string, mode: RunMode, host: string, pid: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into etl.runs (conta, resource, mode, host, pid) values ($5::text, $1::text, $2::text, $3::text, $4::int) returning id`,
    [resource, mode, host, pid, conta],
  );
  return rows[0]!.id;
}

export interface RunCounters {
  readonly requests: number;
  readonly pages: number;
  readonly records: number;
  readonly upserted: number;
  readonly rejected: number;
  readonly deleted: number;
  /** Records loaded with at least one field problem (absent: none). */
  readonly fieldProblems?: number;
}

export async function addRunCounters(db: Queryable, runId: number, c: RunCounters): Promise<void> {
  await db.query(
    `update etl.runs set requests = requests + $2::int, pages = pages + $3::int, records = records + $4::int,
       upserted = upserted + $5::int, rejected = rejected + $6::int, deleted = deleted + $7::int,
       field_problems = field_problems + $8::int
     where id = $1::bigint`,
    [runId, c.requests, c.pages, c.records, c.upserted, c.rejected, c.deleted, c.fieldProblems ?? 0],
  );
}

export async function finishRunSucceeded(db: Queryable, conta: string, resource: string, runId: number, mode: RunMode): Promise<void> {
  await db.query(`update etl.runs set status = 'succeeded', finished_at = now() where id = $1::bigint`, [runId]);
  await db.query(
    `update etl.resource_state
     set run_id = null, run_mode = null, run_since = null, phase = null, cursor_data = null, cursor_page = null,
         last_success_at = now(), last_full_at = case when $2::text = 'full' then now() else last_full_at end,
         last_error = null, consecutive_failures = 0, updated_at = now()
     where conta = $3::text and resource = $1::text`,
    [resource, mode, conta],
  );
}

/** The run stays resumable: its checkpoint is kept. */
export async function finishRunFailed(db: Queryable, conta: string, resource: string, runId: number, error: string): Promise<void> {
  await db.query(`update etl.runs set status = 'failed', finished_at = now(), error = $2::text where id = $1::bigint`, [runId, error]);
  await db.query(
    `update etl.resource_state set last_error = $2::text, consecutive_failures = consecutive_failures + 1, updated_at = now()
     where conta = $3::text and resource = $1::text`,
    [resource, error, conta],
  );
}

/** A resumed run is running again (it may have been marked interrupted or failed). */
export async function resumeRun(db: Queryable, runId: number): Promise<void> {
  await db.query(`update etl.runs set status = 'running', finished_at = null where id = $1::bigint`, [runId]);
}

export async function markRunInterrupted(db: Queryable, runId: number): Promise<void> {
  await db.query(`update etl.runs set status = 'interrupted', finished_at = now() where id = $1::bigint`, [runId]);
}

export async function runTotals(db: Queryable, runId: number): Promise<(RunCounters & { readonly fieldProblems: number }) | undefined> {
  const { rows } = await db.query<RunCounters & { readonly fieldProblems: number }>(
    'select requests, pages, records, upserted, rejected, deleted, field_problems as "fieldProblems" from etl.runs where id = $1::bigint',
    [runId],
  );
  return rows[0];
}
