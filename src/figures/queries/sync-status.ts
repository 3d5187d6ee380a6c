// The last sync of each resource: its state row and its latest run. "Running" means a run is in
// progress now: its row says running and a live process holds the resource's lease. A failed run
// keeps its checkpoint (run_id) so the next one resumes, and a crashed process leaves its run
// 'running' with a lease that lapses; neither is running. The nightly reconciliation's runs (mode
// 'reconcile') are slices of a pass that continues the next night, not syncs: a paused or failed
// slice must not decide the sync's state nor show its partial counts.
import type { Queryable } from '../../db/database.ts';
import { accountFilter } from './sales-filter.ts';

export interface SyncStatusRow {
  conta: string;
  resource: string;
  last_success_at: Date | null;
  last_full_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  running: boolean;
  run_status: string | null;
  run_mode: string | null;
  run_started_at: Date | null;
  run_finished_at: Date | null;
  run_records: number | null;
  run_upserted: number | null;
  run_rejected: number | null;
  run_error: string | null;
}

/** Per account and resource, for the accounts `contas` (null: all). */
export async function selectSyncStatus(db: Queryable, contas: readonly string[] | null): Promise<SyncStatusRow[]> {
  const { rows } = await db.query<SyncStatusRow>(
    `with recursos as (
       select s.conta, s.resource from etl.resource_state s
       union
       select distinct r.conta, r.resource from etl.runs r where r.mode <> 'reconcile'
     )
     select k.conta, k.resource, s.last_success_at, s.last_full_at, s.last_error,
       coalesce(s.consecutive_failures, 0)::int as consecutive_failures,
       coalesce(r.status = 'running' and s.locked_until > now(), false) as running,
       r.status as run_status, r.mode as run_mode, r.started_at as run_started_at,
       r.finished_at as run_finished_at, r.records as run_records, r.upserted as run_upserted, r.rejected as run_rejected,
       r.error as run_error
     from recursos k
     left join etl.resource_state s on s.conta = k.conta and s.resource = k.resource
     left join lateral (
       select x.* from etl.runs x where x.conta = k.conta and x.resource = k.resource and x.mode <> 'reconcile' order by x.started_at desc, x.id desc limit 1
     ) r on true
     where ${accountFilter('k', 1)}
     order by k.resource, k.conta`,
    [contas],
  );
  return rows.map((row) => ({ ...row, running: row.running === true }));
}
