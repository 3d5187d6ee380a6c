// The data dictionary as the database holds it: the comments of every table, view and column of
// the four documented schemas, read from pg_description.
import type { Queryable } from '../database.ts';

export const DICTIONARY_SCHEMAS = ['cvdw', 'public', 'etl', 'bi'] as const;

export interface DictionaryEntry {
  readonly schema: string;
  readonly table: string;
  readonly kind: 'tabela' | 'visão';
  /** null: the table or view itself. */
  readonly column: string | null;
  /** PostgreSQL type of the column; null for the table. */
  readonly type: string | null;
  readonly comment: string;
}

export async function readDictionary(db: Queryable): Promise<DictionaryEntry[]> {
  const { rows } = await db.query<DictionaryEntry>(
    `with relations as (
       select c.oid, n.nspname as schema, c.relname as table,
              case when c.relkind in ('v', 'm') then 'visão' else 'tabela' end as kind
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'v', 'm')
     )
     select schema, "table", kind, "column", type, comment from (
       select r.schema, r.table, r.kind, null::text as "column", null::text as type,
              coalesce(obj_description(r.oid, 'pg_class'), '') as comment, 0 as position
       from relations r
       union all
       select r.schema, r.table, r.kind, a.attname::text, format_type(a.atttypid, a.atttypmod),
              coalesce(col_description(r.oid, a.attnum), ''), a.attnum::int
       from relations r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
     ) entries
     order by array_position($1::text[], schema), "table", position`,
    [DICTIONARY_SCHEMAS],
  );
  return rows;
}

/** Whether the schemas the dictionary documents exist: false before the first migration. */
export async function isMigrated(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ migrated: boolean }>(
    `select to_regclass('etl.migrations') is not null and to_regnamespace('bi') is not null as migrated`,
  );
  return rows[0]?.migrated === true;
}
