// The lease that lets one process at a time sync a resource (kept in etl.resource_state).
import type { Queryable } from '../../db/database.ts';

/**
 * Takes the resource's lease unless another live holder has it. `staleHolder` is a holder known
 * to be dead (same host, process gone), whose lease may be taken before it expires.
 */
export async function claimLease(db: Queryable, conta: string, resource: string, holder: string, leaseSeconds: number, staleHolder?: string): Promise<boolean> {
  const { rows } = await db.query(
    `update etl.resource_state
     set locked_by = $2::text, locked_until = now() + make_interval(secs => $3::float8), updated_at = now()
     where conta = $5::text and resource = $1::text
       and (locked_by is null or locked_until < now() or locked_by = $2::text or locked_by = $4::text)
     returning resource`,
    [resource, holder, leaseSeconds, staleHolder ?? null, conta],
  );
  return rows.length === 1;
}

export async function releaseLease(db: Queryable, conta: string, resource: string, holder: string): Promise<void> {
  await db.query(
    `update etl.resource_state set locked_by = null, locked_until = null where conta = $3::text and resource = $1::text and locked_by = $2::text`,
    [resource, holder, conta],
  );
}
