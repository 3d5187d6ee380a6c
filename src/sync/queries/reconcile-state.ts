// The reconciliation pass of each resource (its own cursor in etl.resource_state), its runs in
// etl.runs (mode 'reconcile') and the marking of rows the pass found gone.
import type { ResourceSpec } from '../../cvdw/catalog/index.ts';
import type { Queryable } from '../../db/database.ts';
import { quoteIdent } from '../../db/ddl/mirror-ddl.ts';
import type { SyncPhase } from '../page-plan.ts';
import { LeaseLostError } from './checkpoint.ts';

export interface ReconcileCandidateRow {
  readonly resource: string;
  readonly passStartedAt: Date | null;
  readonly lastFullAt: Date | null;
  readonly firstRunAt: Date | null;
}

export async function readReconcileCandidates(db: Queryable, conta: string, resources: readonly string[]): Promise<ReconcileCandidateRow[]> {
  const { rows } = await db.query<{ resource: string; reconcile_started_at: Date | null; last_full_at: Date | null; first_run_at: Date | null }>(
    `select s.resource, s.reconcile_started_at, s.last_full_at,
            (select min(r.started_at) from etl.runs r where r.conta = s.conta and r.resource = s.resource) as first_run_at
       from etl.resource_state s
      where s.conta = $2::text and s.resource = any($1::text[])
      order by s.resource`,
    [resources, conta],
  );
  return rows.map((r) => ({ resource: r.resource, passStartedAt: r.reconcile_started_at, lastFullAt: r.last_full_at, firstRunAt: r.first_run_at }));
}

export interface ReconcilePass {
  readonly startedAt: Date;
  readonly phase: SyncPhase;
  readonly cursorData: string | null;
  readonly cursorPage: number;
  readonly pagesDone: number;
}

/**
 * The pass under way, or a new one begun now. A pass begun before the last complete read (a
 * manual `sync --full` finished meanwhile) is stale: a new one replaces it.
 */
export async function beginOrResumePass(db: Queryable, conta: string, resource: string): Promise<{ readonly pass: ReconcilePass; readonly resumed: boolean }> {
  const { rows } = await db.query<{ reconcile_started_at: Date; reconcile_phase: SyncPhase; reconcile_cursor_data: string | null; reconcile_cursor_page: number; reconcile_pages_done: number; resumed: boolean }>(
    `update etl.resource_state s
        set reconcile_started_at = case when t.resumed then s.reconcile_started_at else now() end,
            reconcile_phase = case when t.resumed then s.reconcile_phase else 'undated' end,
            reconcile_cursor_data = case when t.resumed then s.reconcile_cursor_data else null end,
            reconcile_cursor_page = case when t.resumed then s.reconcile_cursor_page else 1 end,
            reconcile_pages_done = case when t.resumed then s.reconcile_pages_done else 0 end
       from (select resource,
                    reconcile_phase is not null and reconcile_started_at is not null
                    and (last_full_at is null or last_full_at <= reconcile_started_at) as resumed
               from etl.resource_state where conta = $2::text and resource = $1::text) t
      where s.conta = $2::text and s.resource = t.resource
      returning s.reconcile_started_at, s.reconcile_phase, s.reconcile_cursor_data, s.reconcile_cursor_page, s.reconcile_pages_done, t.resumed`,
    [resource, conta],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`sem linha de estado para ${resource}`);
  return {
    resumed: row.resumed,
    pass: { startedAt: row.reconcile_started_at, phase: row.reconcile_phase, cursorData: row.reconcile_cursor_data, cursorPage: row.reconcile_cursor_page ?? 1, pagesDone: row.reconcile_pages_done },
  };
}

/** The slice's run; any run of the resource left 'running' (its process died) is closed first. */
export async function startReconcileRun(db: Queryable, conta: string, resource: string, host: string, pid: number): Promise<number> {
  await db.query(
    `update etl.runs set status = 'interrupted', finished_at = now() where conta = $2::text and resource = $1::text and status = 'running'`,
    [resource, conta],
  );
  const { rows } = await db.query<{ id: number }>(
    `insert into etl.runs (conta, resource, mode, host, pid) values ($4::text, $1::text, 'reconcile', $2::text, $3::int) returning id`,
    [resource, host, pid, conta],
  );
  return rows[0]!.id;
}

/** Written in the same transaction as the page it follows. Also renews the lease. */
/**
 * The pass's cursor, in the page's transaction, only while `holder` has the resource lease (as the
 * sync's checkpoint): a pass whose lease another process took over rolls its page back.
 */
export async function saveReconcileCheckpoint(
  db: Queryable, conta: string, resource: string, holder: string, leaseSeconds: number,
  cp: { readonly phase: SyncPhase; readonly cursorData: string | null; readonly cursorPage: number },
): Promise<void> {
  const { rows } = await db.query(
    `update etl.resource_state
        set reconcile_phase = $2::text, reconcile_cursor_data = $3::timestamp, reconcile_cursor_page = $4::int,
            reconcile_pages_done = reconcile_pages_done + 1,
            locked_until = now() + make_interval(secs => $6::float8),
            updated_at = now()
      where conta = $7::text and resource = $1::text and locked_by = $5::text
      returning resource`,
    [resource, cp.phase, cp.cursorData, cp.cursorPage, holder, leaseSeconds, conta],
  );
  if (rows.length === 0) throw new LeaseLostError(conta, resource);
}

/**
 * The pass read the resource to its end: every row not written since the pass began (by the pass
 * itself, or by a sync in between) is gone upstream. A record an update moved along the ordering
 * was read again, by the pass or by a sync, so it is never marked. Returns the marked keys.
 */
export async function markNotSeenSincePassStart(db: Queryable, conta: string, spec: ResourceSpec): Promise<string[]> {
  const { rows } = await db.query<{ referencia: string }>(
    `update cvdw.${quoteIdent(spec.table)} set deleted_at = now()
      where conta = $2::text and deleted_at is null
        and synced_at < (select reconcile_started_at from etl.resource_state where conta = $2::text and resource = $1::text)
      returning referencia`,
    [spec.name, conta],
  );
  return rows.map((r) => r.referencia);
}

/** The pass is complete: the resource counts as read completely as of the pass's start. */
export async function finishPass(db: Queryable, conta: string, resource: string): Promise<void> {
  await db.query(
    `update etl.resource_state
        set last_full_at = greatest(coalesce(last_full_at, reconcile_started_at), reconcile_started_at),
            reconcile_started_at = null, reconcile_phase = null, reconcile_cursor_data = null,
            reconcile_cursor_page = null, reconcile_pages_done = 0, updated_at = now()
      where conta = $2::text and resource = $1::text`,
    [resource, conta],
  );
}

export async function finishReconcileRun(db: Queryable, runId: number, status: 'succeeded' | 'failed' | 'interrupted', error?: string): Promise<void> {
  await db.query(
    `update etl.runs set status = $2::text, finished_at = now(), error = $3::text where id = $1::bigint`,
    [runId, status, error ?? null],
  );
}
