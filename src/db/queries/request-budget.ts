// The request budget shared by every process on one database: a sliding window of request
// timestamps per credential, taken under an advisory lock so two processes never both take the
// last slot; and the pause every process honours after a 429.
import type { Database } from '../database.ts';

/**
 * Takes a slot if fewer than `limit` requests were made in the last `windowMs`. Returns 0 when
 * taken, otherwise how long to wait before asking again (negative during a 429 pause). A stored
 * pause longer than `maxPauseMs` from now (written before pauses were capped) is shortened first.
 */
export async function tryTakeRequestSlot(db: Database, credential: string, limit: number, windowMs: number, maxPauseMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1::text))', [`cvdw-budget:${credential}`]);
    await tx.query(
      `update etl.api_pause set paused_until = clock_timestamp() + make_interval(secs => $2::float8 / 1000)
       where credential = $1::text and paused_until > clock_timestamp() + make_interval(secs => $2::float8 / 1000)`,
      [credential, maxPauseMs],
    );
    const { rows: pause } = await tx.query<{ wait_ms: number }>(
      `select greatest(0, ceil(extract(epoch from (paused_until - clock_timestamp())) * 1000))::float8 as wait_ms
       from etl.api_pause where credential = $1::text and paused_until > clock_timestamp()`,
      [credential],
    );
    if (pause[0] !== undefined && pause[0].wait_ms > 0) return -pause[0].wait_ms;
    await tx.query(
      `delete from etl.api_requests
       where credential = $1::text and requested_at < clock_timestamp() - make_interval(secs => $2::float8 / 1000)`,
      [credential, windowMs],
    );
    const { rows } = await tx.query<{ used: number; oldest_ms: number | null }>(
      `select count(*)::int as used,
              (extract(epoch from (min(requested_at) + make_interval(secs => $2::float8 / 1000) - clock_timestamp())) * 1000)::float8 as oldest_ms
       from etl.api_requests where credential = $1::text`,
      [credential, windowMs],
    );
    const used = rows[0]?.used ?? 0;
    if (used < limit) {
      await tx.query('insert into etl.api_requests (credential, requested_at) values ($1::text, clock_timestamp())', [credential]);
      return 0;
    }
    return Math.max(1, Math.ceil(rows[0]?.oldest_ms ?? windowMs));
  });
}

/**
 * After a 429, every process using the credential waits until `pauseMs` from now, or longer when
 * another process already paused for longer, but never more than `maxPauseMs` from now.
 */
export async function pauseRequests(db: Database, credential: string, pauseMs: number, maxPauseMs: number): Promise<void> {
  await db.query(
    `insert into etl.api_pause (credential, paused_until)
     values ($1::text, clock_timestamp() + make_interval(secs => least($2::float8, $3::float8) / 1000))
     on conflict (credential) do update set paused_until = least(
       greatest(etl.api_pause.paused_until, excluded.paused_until),
       clock_timestamp() + make_interval(secs => $3::float8 / 1000))`,
    [credential, pauseMs, maxPauseMs],
  );
}

/** When the credential's 429 pause ends, or null when none was ever stored (for tests and `check`). */
export async function readPausedUntil(db: Database, credential: string): Promise<Date | null> {
  const { rows } = await db.query<{ paused_until: Date }>('select paused_until from etl.api_pause where credential = $1::text', [credential]);
  return rows[0]?.paused_until ?? null;
}
