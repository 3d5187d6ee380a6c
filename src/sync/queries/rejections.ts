// Records rejected whole (no usable key, or no CVDW record at all), kept with their reason.
import type { Queryable } from '../../db/database.ts';

export interface Rejection {
  readonly referencia: string | null;
  readonly reason: string;
  readonly payload: unknown;
}

export async function insertRejections(db: Queryable, conta: string, resource: string, runId: number, rejections: readonly Rejection[]): Promise<void> {
  if (rejections.length === 0) return;
  await db.query(
    `insert into etl.rejected_records (conta, run_id, resource, referencia, reason, payload)
     select $4::text, $1::bigint, $2::text, r.referencia, r.reason, r.payload
     from jsonb_to_recordset($3::jsonb) as r(referencia text, reason text, payload jsonb)
     on conflict (conta, resource, md5(payload::text), reason) do update set run_id = excluded.run_id, rejected_at = now()`,
    [runId, resource, JSON.stringify(rejections), conta],
  );
}
