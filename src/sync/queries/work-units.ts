// Work units (migration 0019): one row per (tick, account, resource). Each statement returns
// what it changed, so concurrent workers learn from the answer whether they won.
import type { Queryable } from '../../db/database.ts';

export interface WorkUnit {
  readonly id: number;
  readonly tick: Date;
  readonly conta: string;
  readonly resource: string;
  /** How many times it has been claimed, this claim included. */
  readonly attempts: number;
}

export type FinishedState = 'done' | 'failed';

/**
 * Inserts a tick's units (once: a second call for the same tick adds nothing) and retires the
 * older units of the same (account, resource) still waiting: the new tick's run covers them.
 * An older unit still `running` whose lease lapsed is retired too (as superseded, not put back to
 * pending): its holder is dead or stalled, and the new tick's unit resumes the resource from its
 * checkpoint anyway, so taking the old one over as well would only give two units to one resource.
 */
export async function enqueueUnits(db: Queryable, tick: Date, units: readonly { readonly conta: string; readonly resource: string }[]): Promise<number> {
  if (units.length === 0) return 0;
  const { rows } = await db.query(
    `insert into etl.work_units (tick, conta, resource)
     select $1::timestamptz, u.conta, u.resource
       from unnest($2::text[], $3::text[]) as u(conta, resource)
     on conflict (tick, conta, resource) do nothing
     returning id`,
    [tick.toISOString(), units.map((u) => u.conta), units.map((u) => u.resource)],
  );
  await db.query(
    `update etl.work_units o set state = 'superseded', finished_at = now()
      where (o.state = 'pending' or (o.state = 'running' and o.lease_until < now()))
        and o.tick < $1::timestamptz
        and exists (select 1 from etl.work_units n
                     where n.tick = $1::timestamptz and n.conta = o.conta and n.resource = o.resource)`,
    [tick.toISOString()],
  );
  return rows.length;
}

/**
 * Takes the oldest unit of `conta` that is waiting, or whose holder's lease lapsed (a worker that
 * died or lost the database). Skips rows another worker is claiming at this instant, and units
 * whose (account, resource) another unit is running under a live lease: two ticks' units of one
 * resource must never run at once (the resource lease and the guarded checkpoint are the second
 * line, for the instant two claims race).
 */
export async function claimUnit(db: Queryable, conta: string, holder: string, leaseSeconds: number): Promise<WorkUnit | undefined> {
  const { rows } = await db.query<{ id: string | number; tick: Date; conta: string; resource: string; attempts: number }>(
    `with next as (
       select c.id from etl.work_units c
        where c.conta = $1::text
          and (c.state = 'pending' or (c.state = 'running' and c.lease_until < now()))
          and not exists (select 1 from etl.work_units r
                           where r.conta = c.conta and r.resource = c.resource and r.id <> c.id
                             and r.state = 'running' and r.lease_until >= now())
        order by c.tick, c.id
        limit 1
        for update skip locked
     )
     update etl.work_units u
        set state = 'running', holder = $2::text, lease_until = now() + make_interval(secs => $3::float8),
            attempts = u.attempts + 1, started_at = coalesce(u.started_at, now())
       from next
      where u.id = next.id
     returning u.id, u.tick, u.conta, u.resource, u.attempts`,
    [conta, holder, leaseSeconds],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { id: Number(row.id), tick: row.tick, conta: row.conta, resource: row.resource, attempts: Number(row.attempts) };
}

/**
 * False when the unit is no longer this holder's (its lease lapsed and another worker took it).
 * Also renews the resource's lease in etl.resource_state when this holder has it: a page that
 * takes long (timeouts and retries, a 429 pause) must not let that lease lapse between checkpoints.
 */
export async function renewUnit(db: Queryable, id: number, holder: string, leaseSeconds: number): Promise<boolean> {
  const { rows } = await db.query(
    `with renewed as (
       update etl.work_units set lease_until = now() + make_interval(secs => $3::float8)
        where id = $1::bigint and holder = $2::text and state = 'running'
       returning id, conta, resource
     ), resource_lease as (
       update etl.resource_state s set locked_until = now() + make_interval(secs => $3::float8)
         from renewed
        where s.conta = renewed.conta and s.resource = renewed.resource and s.locked_by = $2::text
       returning s.resource
     )
     select id from renewed`,
    [id, holder, leaseSeconds],
  );
  return rows.length === 1;
}

/** Records the outcome; ignored when another worker took the unit over meanwhile. */
export async function finishUnit(db: Queryable, id: number, holder: string, state: FinishedState, error?: string): Promise<boolean> {
  const { rows } = await db.query(
    `update etl.work_units set state = $3::text, finished_at = now(), lease_until = null, last_error = $4::text
      where id = $1::bigint and holder = $2::text and state = 'running'
     returning id`,
    [id, holder, state, error ?? null],
  );
  return rows.length === 1;
}

/** Gives an unfinished unit back to the pool (a clean stop), so nobody waits for its lease. */
export async function releaseUnit(db: Queryable, id: number, holder: string): Promise<void> {
  await db.query(
    `update etl.work_units set state = 'pending', holder = null, lease_until = null
      where id = $1::bigint and holder = $2::text and state = 'running'`,
    [id, holder],
  );
}

export interface UnitRow {
  readonly tick: Date;
  readonly conta: string;
  readonly resource: string;
  readonly state: string;
  readonly holder: string | null;
  readonly attempts: number;
}

/** Every unit of a tick (tests, the operations doc's queries). */
export async function unitsOfTick(db: Queryable, tick: Date): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(
    `select tick, conta, resource, state, holder, attempts from etl.work_units
      where tick = $1::timestamptz order by conta, resource`,
    [tick.toISOString()],
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}
