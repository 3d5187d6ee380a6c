// Claiming a scheduled tick: the row per schedule name moves forward to the newer tick for
// exactly one process. Any other process sees no row returned and leaves the tick alone.
import type { Queryable } from '../../db/database.ts';

export async function claimTick(db: Queryable, name: string, tick: Date, workerId: string): Promise<boolean> {
  const { rows } = await db.query<{ last_tick: Date }>(
    `insert into etl.schedule_ticks (name, last_tick, claimed_by)
     values ($1::text, $2::timestamptz, $3::text)
     on conflict (name) do update
       set last_tick = excluded.last_tick, claimed_by = excluded.claimed_by
       where etl.schedule_ticks.last_tick < excluded.last_tick
     returning last_tick`,
    [name, tick.toISOString(), workerId],
  );
  return rows.length === 1;
}

export async function lastTick(db: Queryable, name: string): Promise<{ readonly lastTick: Date; readonly claimedBy: string | null } | undefined> {
  const { rows } = await db.query<{ last_tick: Date; claimed_by: string | null }>(
    'select last_tick, claimed_by from etl.schedule_ticks where name = $1::text',
    [name],
  );
  const row = rows[0];
  return row === undefined ? undefined : { lastTick: row.last_tick, claimedBy: row.claimed_by };
}
