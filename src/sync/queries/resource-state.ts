// What etl.resource_state holds for one resource: its watermark, the run in progress with its
// cursor, its lease and its failures.
import type { Queryable } from '../../db/database.ts';
import type { SyncPhase } from '../page-plan.ts';
import type { RunMode } from './runs.ts';

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

export async function ensureResourceState(db: Queryable, conta: string, resource: string): Promise<void> {
  await db.query('insert into etl.resource_state (conta, resource) values ($2::text, $1::text) on conflict (conta, resource) do nothing', [resource, conta]);
}

export async function readResourceState(db: Queryable, conta: string, resource: string): Promise<ResourceState | undefined> {
  const { rows } = await db.query<ResourceState>(
    `select resource, watermark, run_id, run_mode, run_since, phase, cursor_data, cursor_page, undated_checked_at,
            pages_done, locked_by, (locked_until is null or locked_until < now()) as lock_expired, consecutive_failures
     from etl.resource_state where conta = $2::text and resource = $1::text`,
    [resource, conta],
  );
  return rows[0];
}
