// Writes to the cvdw mirror: a page of rows upserted in one statement, the rows of records read
// but rejected whole, and the reconciliation that marks rows a full read no longer found.
import { dataFields, type ResourceSpec } from '../../cvdw/catalog/index.ts';
import type { Queryable } from '../database.ts';
import { COLUMN_TYPES, quoteIdent } from '../ddl/mirror-ddl.ts';

interface UpsertStatement {
  readonly sql: string;
  /** The order of the values in each row array sent. */
  readonly names: readonly string[];
}

const upsertCache = new Map<string, UpsertStatement>();

/**
 * One statement per page: the rows travel as one jsonb array of arrays (values by position, so
 * the page does not repeat every column name in every row: about 30 % fewer bytes for the server
 * to parse than an array of objects) and each value is cast to its column's type, on the real
 * server and on PGlite alike.
 */
function upsertStatement(spec: ResourceSpec): UpsertStatement {
  const cached = upsertCache.get(spec.name);
  if (cached) return cached;
  const fields = dataFields(spec);
  const names = ['referencia', 'referencia_data', ...fields.map((f) => f.name), 'payload'];
  const types = ['text', 'timestamp', ...fields.map((f) => COLUMN_TYPES[f.type]), 'jsonb'];
  const table = `cvdw.${quoteIdent(spec.table)}`;
  const columns = names.map((n, i) => (i < 2 || i === names.length - 1 ? n : quoteIdent(n)));
  // A JSON null reads as SQL null for every type (->> does that itself; -> needs nullif).
  const values = types.map((type, i) => (type === 'jsonb' ? `nullif(r.v -> ${i}, 'null'::jsonb)` : type === 'text' ? `r.v ->> ${i}` : `(r.v ->> ${i})::${type}`));
  const updates = [...columns.slice(1), 'synced_at', 'deleted_at', 'seen_in_run'].map((c) => `${c} = excluded.${c}`).join(', ');
  // The account travels once per page, not once per row; it is part of the key, never updated.
  const sql = `insert into ${table} (conta, ${columns.join(', ')}, synced_at, deleted_at, seen_in_run)
    select $3::text, ${values.join(', ')}, now(), null, $2::bigint
    from jsonb_array_elements($1::jsonb) as r(v)
    on conflict (conta, referencia) do update set ${updates}`;
  const statement = { sql, names };
  upsertCache.set(spec.name, statement);
  return statement;
}

export async function upsertMirrorRows(db: Queryable, conta: string, spec: ResourceSpec, rows: readonly Record<string, unknown>[], runId: number): Promise<number> {
  if (rows.length === 0) return 0;
  const { sql, names } = upsertStatement(spec);
  const result = await db.query(sql, [JSON.stringify(rows.map((row) => names.map((name) => row[name] ?? null))), runId, conta]);
  return result.rowCount;
}

/**
 * The rows full run `runId` found gone upstream: marks them and returns their keys. A row counts
 * as seen when the run wrote it, or when anything wrote it after the run began: a resumed run may
 * have read a row before a reconciliation slice (or a record rejected whole, see touchSeenRows)
 * wrote it again with another run's id, and that row exists upstream all the same.
 */
export async function markUnseenDeleted(db: Queryable, conta: string, spec: ResourceSpec, runId: number): Promise<string[]> {
  const { rows } = await db.query<{ referencia: string }>(
    `update cvdw.${quoteIdent(spec.table)} set deleted_at = now()
     where conta = $2::text and deleted_at is null and seen_in_run is distinct from $1::bigint
       -- written since the run began (by it, a reconciliation slice, …) counts as seen; a run
       -- with no history row (a direct call) falls back to seen_in_run alone
       and synced_at < coalesce((select started_at from etl.runs where id = $1::bigint), 'infinity'::timestamptz)
     returning referencia`,
    [runId, conta],
  );
  return rows.map((r) => r.referencia);
}

/**
 * Live rows whose record was just read but rejected whole (too large, nested too deep): the record
 * exists upstream, so its row counts as seen by run `runId` and by the reconciliation pass, and no
 * full read marks it deleted. Its content stays the last version that could be loaded. Returns how
 * many rows were touched.
 */
export async function touchSeenRows(db: Queryable, conta: string, spec: ResourceSpec, referencias: readonly string[], runId: number): Promise<number> {
  if (referencias.length === 0) return 0;
  const result = await db.query(
    `update cvdw.${quoteIdent(spec.table)} set synced_at = now(), seen_in_run = $2::bigint
     where conta = $3::text and referencia = any($1::text[]) and deleted_at is null`,
    [referencias, runId, conta],
  );
  return result.rowCount;
}

/** A numeric column of the given mirror rows (e.g. idreserva of deleted reservations). */
export async function columnOfRows(db: Queryable, conta: string, spec: ResourceSpec, column: string, referencias: readonly string[]): Promise<number[]> {
  if (referencias.length === 0) return [];
  const { rows } = await db.query<{ v: number }>(
    `select distinct ${quoteIdent(column)} as v from cvdw.${quoteIdent(spec.table)}
     where conta = $2::text and referencia = any($1::text[]) and ${quoteIdent(column)} is not null`,
    [referencias, conta],
  );
  return rows.map((r) => r.v);
}

export async function countLiveRows(db: Queryable, conta: string, spec: ResourceSpec): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from cvdw.${quoteIdent(spec.table)} where conta = $1::text and deleted_at is null`,
    [conta],
  );
  return rows[0]?.n ?? 0;
}
