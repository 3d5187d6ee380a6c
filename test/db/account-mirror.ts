// Mirror writes for one account, for the refresh tests: the page upsert and the deletion marking
// of a full read, restricted to `conta` as the sync's are. Kept here so the refresh tests do not
// depend on the sync's call shapes; the statements match what the sync writes (conta, the
// record's columns, the bookkeeping) and conflict on the key (conta, referencia).
import { dataFields, type ResourceSpec } from '../../src/cvdw/catalog/index.ts';
import type { Queryable } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/db/ddl/mirror-ddl.ts';

function columnsOf(spec: ResourceSpec): string[] {
  return ['referencia', 'referencia_data', ...dataFields(spec).map((f) => f.name), 'payload'].map(quoteIdent);
}

/** Upserts mapped rows (mapPage's) into `conta`'s part of the mirror; returns how many. */
export async function upsertAccountRows(
  db: Queryable, conta: string, spec: ResourceSpec, rows: readonly Record<string, unknown>[], runId: number,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = columnsOf(spec);
  const table = `cvdw.${quoteIdent(spec.table)}`;
  const updates = [...columns.slice(1), 'synced_at', 'deleted_at', 'seen_in_run'].map((c) => `${c} = excluded.${c}`).join(', ');
  const result = await db.query(
    `insert into ${table} (conta, ${columns.join(', ')}, synced_at, deleted_at, seen_in_run)
     select $2::text, ${columns.map((c) => `r.${c}`).join(', ')}, now(), null, $3::bigint
     from jsonb_populate_recordset(null::${table}, $1::jsonb) as r
     on conflict (conta, referencia) do update set ${updates}`,
    [JSON.stringify(rows), conta, runId],
  );
  return result.rowCount;
}

/** Marks deleted the live rows of `conta` that run `runId` did not write; returns their keys. */
export async function markAccountUnseenDeleted(db: Queryable, conta: string, spec: ResourceSpec, runId: number): Promise<string[]> {
  const { rows } = await db.query<{ referencia: string }>(
    `update cvdw.${quoteIdent(spec.table)} set deleted_at = now()
     where conta = $2::text and deleted_at is null and seen_in_run is distinct from $1::bigint
     returning referencia`,
    [runId, conta],
  );
  return rows.map((r) => r.referencia);
}
