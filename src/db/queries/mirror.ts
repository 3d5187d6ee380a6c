// Writes to the cvdw mirror: a page of rows upserted through a staging table, the rows of records read
// but rejected whole, and the reconciliation that marks rows a full read no longer found.
import { dataFields, type ResourceSpec } from '../../cvdw/catalog/index.ts';
import { copyJson, copyValue } from '../copy-text.ts';
import type { Database, Queryable } from '../database.ts';
import { COLUMN_TYPES, quoteIdent } from '../ddl/mirror-ddl.ts';

interface MirrorStatements {
  /** The session's staging table of the resource, quoted. */
  readonly stage: string;
  readonly createStage: string;
  /** The staged columns, quoted, in the order of `names`. */
  readonly columns: readonly string[];
  /** The row fields each staged column takes its value from. */
  readonly names: readonly string[];
  /** Which of `names` are jsonb columns. */
  readonly json: readonly boolean[];
  /** Fills the stage from one jsonb array of arrays: for a handle that cannot COPY. */
  readonly fillStage: string;
  /** Empties the stage into the mirror. */
  readonly upsert: string;
}

const statementCache = new Map<string, MirrorStatements>();

/**
 * A page goes to the mirror in two steps: COPY into a temporary staging table of the session
 * (the cheapest input PostgreSQL has: each value is parsed once, by its column's type), then one
 * INSERT … ON CONFLICT from the stage. The stage empties itself at every commit (and the upsert
 * empties it anyway), so it never holds more than a page. A temporary table belongs to its
 * session and is never logged: nothing of it outlives a crash, so exactly-once stays with the
 * page's transaction and its checkpoint.
 */
function mirrorStatements(spec: ResourceSpec): MirrorStatements {
  const cached = statementCache.get(spec.name);
  if (cached) return cached;
  const fields = dataFields(spec);
  const names = ['referencia', 'referencia_data', ...fields.map((f) => f.name), 'payload'];
  const types = ['text', 'timestamp', ...fields.map((f) => COLUMN_TYPES[f.type]), 'jsonb'];
  const columns = names.map(quoteIdent);
  const stage = `pg_temp.${quoteIdent(`stage_${spec.table}`)}`;
  const table = `cvdw.${quoteIdent(spec.table)}`;
  const createStage = `create temp table if not exists ${quoteIdent(`stage_${spec.table}`)} (
    ${columns.map((c, i) => `${c} ${types[i]!}`).join(', ')}) on commit delete rows`;
  // A JSON null reads as SQL null for every type (->> does that itself; -> needs nullif).
  const values = types.map((type, i) => (type === 'jsonb' ? `nullif(r.v -> ${i}, 'null'::jsonb)` : type === 'text' ? `r.v ->> ${i}` : `(r.v ->> ${i})::${type}`));
  const fillStage = `insert into ${stage} (${columns.join(', ')}) select ${values.join(', ')} from jsonb_array_elements($1::jsonb) as r(v)`;
  const updates = [...columns.slice(1), 'synced_at', 'deleted_at', 'seen_in_run'].map((c) => `${c} = excluded.${c}`).join(', ');
  // The account travels once per page, not once per row; it is part of the key, never updated.
  const upsert = `with s as (delete from ${stage} returning *)
    insert into ${table} (conta, ${columns.join(', ')}, synced_at, deleted_at, seen_in_run)
    select $2::text, ${columns.map((c) => `s.${c}`).join(', ')}, now(), null, $1::bigint from s
    on conflict (conta, referencia) do update set ${updates}`;
  const statements = { stage, createStage, columns, names, json: types.map((t) => t === 'jsonb'), fillStage, upsert };
  statementCache.set(spec.name, statements);
  return statements;
}

/** The rows as COPY text, in the stage's column order. */
function copyText(rows: readonly Record<string, unknown>[], statements: MirrorStatements): string {
  const { names, json } = statements;
  const lines: string[] = [];
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < names.length; i++) {
      const value = row[names[i]!];
      line += (i === 0 ? '' : '\t') + (json[i] ? copyJson(value) : copyValue(value));
    }
    lines.push(line);
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * Upserts one page of mirror rows (one per key) for the account; returns the rows written. The
 * stage lives in one session: a handle that is no transaction gets a transaction of its own.
 */
export async function upsertMirrorRows(db: Queryable, conta: string, spec: ResourceSpec, rows: readonly Record<string, unknown>[], runId: number): Promise<number> {
  if (rows.length === 0) return 0;
  if (isDatabase(db)) return db.transaction((tx) => upsertMirrorRows(tx, conta, spec, rows, runId));
  const statements = mirrorStatements(spec);
  await db.query(statements.createStage);
  if (db.copyRows) await db.copyRows(statements.stage, statements.columns, copyText(rows, statements));
  else await db.query(statements.fillStage, [JSON.stringify(rows.map((row) => statements.names.map((name) => row[name] ?? null)))]);
  const result = await db.query(statements.upsert, [runId, conta]);
  return result.rowCount;
}

function isDatabase(db: Queryable): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
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
