// What health checks and alerts need to know about each resource: when it last succeeded, and
// when it was first attempted (a resource that never succeeded is judged from that).
import type { Queryable } from '../../db/database.ts';

export interface ResourceHealthRow {
  readonly conta: string;
  readonly resource: string;
  readonly lastSuccessAt: Date | null;
  readonly firstRunAt: Date | null;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
}

export async function readResourceHealth(db: Queryable): Promise<ResourceHealthRow[]> {
  const { rows } = await db.query<{
    conta: string;
    resource: string;
    last_success_at: Date | null;
    first_run_at: Date | null;
    consecutive_failures: number;
    last_error: string | null;
  }>(
    `select s.conta, s.resource, s.last_success_at, s.consecutive_failures, s.last_error,
            (select min(r.started_at) from etl.runs r where r.conta = s.conta and r.resource = s.resource) as first_run_at
       from etl.resource_state s
      order by s.conta, s.resource`,
  );
  return rows.map((r) => ({
    conta: r.conta,
    resource: r.resource,
    lastSuccessAt: r.last_success_at,
    firstRunAt: r.first_run_at,
    consecutiveFailures: Number(r.consecutive_failures),
    lastError: r.last_error,
  }));
}

export async function readConsecutiveFailures(db: Queryable, conta: string, resource: string): Promise<number | undefined> {
  const { rows } = await db.query<{ consecutive_failures: number }>(
    'select consecutive_failures from etl.resource_state where conta = $1::text and resource = $2::text',
    [conta, resource],
  );
  return rows[0] === undefined ? undefined : Number(rows[0].consecutive_failures);
}
