// Writes to the cvdw mirror: a page of rows upserted in one statement, and the reconciliation that
// marks rows a full read no longer found.
import type { ResourceSpec } from '../../cvdw/catalog/index.ts';
import type { Queryable } from '../database.ts';
import { COLUMN_TYPES, dataFields, quoteIdent } from '../ddl/mirror-ddl.ts';

const upsertSqlCache = new Map<string, string>();

/**
 * One statement per page: the rows travel as one jsonb array and jsonb_to_recordset turns them
 * into typed columns, on the real server and on PGlite alike.
 */
function upsertSql(spec: ResourceSpec): string {
  const cached = upsertSqlCache.get(spec.name);
  if (cached) return cached;
  const fields = dataFields(spec);
  const table = `cvdw.${quoteIdent(spec.table)}`;
  const columns = ['referencia', 'referencia_data', ...fields.map((f) => quoteIdent(f.name)), 'payload'];
  const recordType = [
    'referencia text',
    'referencia_data timestamp',
    ...fields.map((f) => `${quoteIdent(f.name)} ${COLUMN_TYPES[f.type]}`),
    'payload jsonb',
  ].join(', ');
  const updates = [...columns.slice(1), 'synced_at', 'deleted_at', 'seen_in_run'].map((c) => `${c} = excluded.${c}`).join(', ');
  const sql = `insert into ${table} (${columns.join(', ')}, synced_at, deleted_at, seen_in_run)
    select ${columns.map((c) => `r.${c}`).join(', ')}, now(), null, $2::bigint
    from jsonb_to_recordset($1::jsonb) as r(${recordType})
    on conflict (referencia) do update set ${updates}`;
  upsertSqlCache.set(spec.name, sql);
  return sql;
}

export async function upsertMirrorRows(db: Queryable, spec: ResourceSpec, rows: readonly Record<string, unknown>[], runId: number): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.query(upsertSql(spec), [JSON.stringify(rows), runId]);
  return result.rowCount;
}

/** Rows not seen by full run `runId` are gone upstream: mark them, and return their keys. */
export async function markUnseenDeleted(db: Queryable, spec: ResourceSpec, runId: number): Promise<string[]> {
  const { rows } = await db.query<{ referencia: string }>(
    `update cvdw.${quoteIdent(spec.table)} set deleted_at = now()
     where deleted_at is null and seen_in_run is distinct from $1::bigint
     returning referencia`,
    [runId],
  );
  return rows.map((r) => r.referencia);
}

/** A numeric column of the given mirror rows (e.g. idreserva of deleted reservations). */
export async function columnOfRows(db: Queryable, spec: ResourceSpec, column: string, referencias: readonly string[]): Promise<number[]> {
  if (referencias.length === 0) return [];
  const { rows } = await db.query<{ v: number }>(
    `select distinct ${quoteIdent(column)} as v from cvdw.${quoteIdent(spec.table)}
     where referencia = any($1::text[]) and ${quoteIdent(column)} is not null`,
    [referencias],
  );
  return rows.map((r) => r.v);
}

export async function countLiveRows(db: Queryable, spec: ResourceSpec): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from cvdw.${quoteIdent(spec.table)} where deleted_at is null`,
  );
  return rows[0]?.n ?? 0;
}
