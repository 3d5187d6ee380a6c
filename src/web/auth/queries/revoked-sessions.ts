// Sessions ended by logout (migration 0013): one indexed lookup per check, one statement per
// logout that also sweeps the rows of sessions that have expired on their own.
import type { Queryable } from '../../../db/database.ts';

export async function isSessionRevoked(db: Queryable, sid: string): Promise<boolean> {
  const { rows } = await db.query('select 1 as revoked from etl.revoked_sessions where sid = $1::text', [sid]);
  return rows.length > 0;
}

export async function insertRevokedSession(db: Queryable, sid: string, expiresAt: Date, now: Date): Promise<void> {
  await db.query(
    `with swept as (delete from etl.revoked_sessions where expires_at <= $3::timestamptz)
     insert into etl.revoked_sessions (sid, expires_at, revoked_at)
     values ($1::text, $2::timestamptz, $3::timestamptz)
     on conflict (sid) do nothing`,
    [sid, expiresAt.toISOString(), now.toISOString()],
  );
}
