// Per-resource sync state (checkpoint, lease, watermark), run history and rejected records.
import type { Queryable } from '../database.ts';

export type SyncPhase = 'undated' | 'range' | 'tie' | 'day';
export type RunMode = 'full' | 'incremental';

export interface ResourceState {
  readonly resource: string;
  readonly watermark: string | null;
  readonly run_id: number | null;
  readonly run_mode: RunMode | null;
  readonly run_since: string | null;
  readonly phase: SyncPhase | null;
  readonly cursor_data: string | null;
  readonly cursor_page: number | null;
  readonly undated_checked_at: Date | null;
  readonly pages_done: number;
  readonly locked_by: string | null;
  readonly lock_expired: boolean;
  readonly consecutive_failures: number;
}

export async function ensureResourceState(db: Queryable, resource: string): Promise<void> {
  await db.query('insert into etl.resource_state (resource) values ($1::text) on conflict (resource) do nothing', [resource]);
}

export async function readResourceState(db: Queryable, resource: string): Promise<ResourceState | undefined> {
  const { rows } = await db.query<ResourceState>(
    `select resource, watermark, run_id, run_mode, run_since, phase, cursor_data, cursor_page, undated_checked_at,
            pages_done, locked_by, (locked_until is null or locked_until < now()) as lock_expired, consecutive_failures
     from etl.resource_state where resource = $1::text`,
    [resource],
  );
  return rows[0];
}

/**
 * Takes the resource's lease unless another live holder has it. `staleHolder` is a holder known
 * to be dead (same host, process gone), whose lease may be taken before it expires.
 */
export async function claimLease(db: Queryable, resource: string, holder: string, leaseSeconds: number, staleHolder?: string): Promise<boolean> {
  const { rows } = await db.query(
    `update etl.resource_state
     set locked_by = $2::text, locked_until = now() + make_interval(secs => $3::float8), updated_at = now()
     where resource = $1::text
       and (locked_by is null or locked_until < now() or locked_by = $2::text or locked_by = $4::text)
     returning resource`,
    [resource, holder, leaseSeconds, staleHolder ?? null],
  );
  return rows.length === 1;
}

export async function releaseLease(db: Queryable, resource: string, holder: string): Promise<void> {
  await db.query(
    `update etl.resource_state set locked_by = null, locked_until = null where resource = $1::text and locked_by = $2::text`,
    [resource, holder],
  );
}

export async function startRun(db: Queryable, resource: string, mode: RunMode, host: string, pid: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into etl.runs (resource, mode, host, pid) values ($1::text, $2::text, $3::text, $4::int) returning id`,
    [resource, mode, host, pid],
  );
  return rows[0]!.id;
}

/** Records that a new run begins (abandoning any unfinished one, which is marked interrupted). */
export async function beginRunState(db: Queryable, resource: string, runId: number, mode: RunMode, since: string | null, phase: SyncPhase): Promise<void> {
  await db.query(
    `update etl.runs set status = 'interrupted', finished_at = now()
     where resource = $1::text and status = 'running' and id <> $2::bigint`,
    [resource, runId],
  );
  await db.query(
    `update etl.resource_state
     set run_id = $2::bigint, run_mode = $3::text, run_since = $4::timestamp, phase = $5::text,
         cursor_data = $4::timestamp, cursor_page = 1, pages_done = 0, updated_at = now()
     where resource = $1::text`,
    [resource, runId, mode, since, phase],
  );
}

export interface Checkpoint {
  readonly phase: SyncPhase;
  readonly cursorData: string | null;
  readonly cursorPage: number;
  /** Largest referencia_data in the page just loaded (null when it had none). */
  readonly pageMaxData: string | null;
  readonly undatedChecked: boolean;
}

/** Written in the same transaction as the page it follows. Also renews the lease. */
export async function saveCheckpoint(db: Queryable, resource: string, holder: string, leaseSeconds: number, cp: Checkpoint): Promise<void> {
  await db.query(
    `update etl.resource_state
     set phase = $2::text, cursor_data = $3::timestamp, cursor_page = $4::int, pages_done = pages_done + 1,
         watermark = case when $5::timestamp is null then watermark else greatest(watermark, $5::timestamp) end,
         undated_checked_at = case when $6::boolean then now() else undated_checked_at end,
         locked_until = case when locked_by = $7::text then now() + make_interval(secs => $8::float8) else locked_until end,
         updated_at = now()
     where resource = $1::text`,
    [resource, cp.phase, cp.cursorData, cp.cursorPage, cp.pageMaxData, cp.undatedChecked, holder, leaseSeconds],
  );
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

export async function finishRunSucceeded(db: Queryable, resource: string, runId: number, mode: RunMode): Promise<void> {
  await db.query(`update etl.runs set status = 'succeeded', finished_at = now() where id = $1::bigint`, [runId]);
  await db.query(
    `update etl.resource_state
     set run_id = null, run_mode = null, run_since = null, phase = null, cursor_data = null, cursor_page = null,
         last_success_at = now(), last_full_at = case when $2::text = 'full' then now() else last_full_at end,
         last_error = null, consecutive_failures = 0, updated_at = now()
     where resource = $1::text`,
    [resource, mode],
  );
}

/** The run stays resumable: its checkpoint is kept. */
export async function finishRunFailed(db: Queryable, resource: string, runId: number, error: string): Promise<void> {
  await db.query(`update etl.runs set status = 'failed', finished_at = now(), error = $2::text where id = $1::bigint`, [runId, error]);
  await db.query(
    `update etl.resource_state set last_error = $2::text, consecutive_failures = consecutive_failures + 1, updated_at = now()
     where resource = $1::text`,
    [resource, error],
  );
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

export interface Rejection {
  readonly referencia: string | null;
  readonly reason: string;
  readonly payload: unknown;
}

export async function insertRejections(db: Queryable, resource: string, runId: number, rejections: readonly Rejection[]): Promise<void> {
  if (rejections.length === 0) return;
  await db.query(
    `insert into etl.rejected_records (run_id, resource, referencia, reason, payload)
     select $1::bigint, $2::text, r.referencia, r.reason, r.payload
     from jsonb_to_recordset($3::jsonb) as r(referencia text, reason text, payload jsonb)
     on conflict (resource, md5(payload::text), reason) do update set run_id = excluded.run_id, rejected_at = now()`,
    [runId, resource, JSON.stringify(rejections)],
  );
}
