// What the workers did, read from the database they share: the tick's units, and the mirror's
// row counts per account.
import type { Queryable } from '../../src/db/database.ts';

export interface UnitSpan {
  readonly conta: string;
  readonly units: number;
  readonly done: number;
  readonly failed: number;
  readonly attempts: number;
  /** From the first unit claimed to the last finished, by the database's clock. */
  readonly seconds: number;
}

/** Resolves when `expected` units exist and none is pending or running; throws after `timeoutMs`. */
export async function waitForUnits(db: Queryable, expected: number, timeoutMs: number, pollMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ total: number; open: number }>(
      `select count(*)::int as total, count(*) filter (where state in ('pending', 'running'))::int as open from etl.work_units`,
    );
    const { total, open } = rows[0]!;
    if (total >= expected && open === 0) return;
    if (Date.now() > deadline) throw new Error(`work units not finished after ${timeoutMs / 1000} s: ${total} of ${expected} created, ${open} open`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function unitSpans(db: Queryable): Promise<{ perAccount: UnitSpan[]; allSeconds: number }> {
  const { rows } = await db.query<UnitSpan>(
    `select conta, count(*)::int as units,
            count(*) filter (where state = 'done')::int as done,
            count(*) filter (where state = 'failed')::int as failed,
            sum(attempts)::int as attempts,
            extract(epoch from max(finished_at) - min(started_at))::float8 as seconds
       from etl.work_units group by conta order by conta`,
  );
  const { rows: all } = await db.query<{ seconds: number }>(
    `select extract(epoch from max(finished_at) - min(started_at))::float8 as seconds from etl.work_units`,
  );
  return { perAccount: rows, allSeconds: all[0]?.seconds ?? 0 };
}

/** Live mirror rows of one account in one table; 0 when the table was never created. */
export async function mirrorCount(db: Queryable, table: string, conta: string): Promise<number> {
  const { rows: exists } = await db.query<{ t: string | null }>(`select to_regclass($1::text)::text as t`, [`cvdw.${table}`]);
  if (exists[0]?.t == null) return 0;
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from cvdw.${table} where conta = $1::text and deleted_at is null`, [conta],
  );
  return rows[0]!.n;
}

/**
 * Keeps the nightly reconciliation out of the measurement: a worker starting outside its window
 * would otherwise claim tonight's slice beside the sync. A tick far in the future is never
 * "missed".
 */
export async function parkReconciliation(db: Queryable, scheduleNames: readonly string[]): Promise<void> {
  for (const name of scheduleNames) {
    await db.query(
      `insert into etl.schedule_ticks (name, last_tick, claimed_by) values ($1::text, '2999-01-01T00:00:00Z', 'bench')
       on conflict (name) do update set last_tick = excluded.last_tick`, [name],
    );
  }
}
