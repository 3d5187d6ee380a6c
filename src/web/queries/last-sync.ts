// The most recent successful sync of any resource.
import type { Queryable } from '../../db/database.ts';

export async function selectLastSync(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ last: Date | null }>(
    `select max(s.last_success_at) as last from etl.resource_state s`,
  );
  return rows[0]?.last ?? null;
}
