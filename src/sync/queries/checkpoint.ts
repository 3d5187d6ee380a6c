// Where a run is in its resource: set when the run begins, advanced with every page loaded.
import type { Queryable } from '../../db/database.ts';
import type { SyncPhase } from '../page-plan.ts';
import type { RunMode } from './runs.ts';

/** Records that a new run begins (abandoning any unfinished one, which is marked interrupted). */
export async function beginRunState(db: Queryable, conta: string, resource: string, runId: number, mode: RunMode, since: string | null, phase: SyncPhase): Promise<void> {
  await db.query(
    `update etl.runs set status = 'interrupted', finished_at = now()
     where conta = $3::text and resource = $1::text and status = 'running' and id <> $2::bigint`,
    [resource, runId, conta],
  );
  await db.query(
    `update etl.resource_state
     set run_id = $2::bigint, run_mode = $3::text, run_since = $4::timestamp, phase = $5::text,
         cursor_data = $4::timestamp, cursor_page = 1, pages_done = 0, updated_at = now()
     where conta = $6::text and resource = $1::text`,
    [resource, runId, mode, since, phase, conta],
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

/**
 * Thrown when the resource's lease is no longer this holder's at a checkpoint: the page's
 * transaction rolls back, since the holder that took the lease over owns the cursor now.
 */
export class LeaseLostError extends Error {
  constructor(conta: string, resource: string) {
    super(`o bloqueio de ${conta}/${resource} passou para outro processo; a página não foi gravada`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Written in the same transaction as the page it follows, and only while `holder` has the lease
 * (throws LeaseLostError otherwise, so two processes never both advance one cursor). Renews it.
 */
export async function saveCheckpoint(db: Queryable, conta: string, resource: string, holder: string, leaseSeconds: number, cp: Checkpoint): Promise<void> {
  const { rows } = await db.query(
    `update etl.resource_state
     set phase = $2::text, cursor_data = $3::timestamp, cursor_page = $4::int, pages_done = pages_done + 1,
         watermark = case when $5::timestamp is null then watermark else greatest(watermark, $5::timestamp) end,
         undated_checked_at = case when $6::boolean then now() else undated_checked_at end,
         locked_until = now() + make_interval(secs => $8::float8),
         updated_at = now()
     where conta = $9::text and resource = $1::text and locked_by = $7::text
     returning resource`,
    [resource, cp.phase, cp.cursorData, cp.cursorPage, cp.pageMaxData, cp.undatedChecked, holder, leaseSeconds, conta],
  );
  if (rows.length === 0) throw new LeaseLostError(conta, resource);
}
