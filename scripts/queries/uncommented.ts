// The tables, views and columns of the four documented schemas that have no comment yet.
import type { Queryable } from '../../src/db/database.ts';

export interface Uncommented {
  readonly schema: string;
  readonly table: string;
  readonly kind: 'table' | 'view';
  /** null: the table or view itself. */
  readonly column: string | null;
}

export async function readUncommented(db: Queryable): Promise<Uncommented[]> {
  const { rows } = await db.query<Uncommented>(
    `with relations as (
       select c.oid, n.nspname as schema, c.relname as table,
              case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname in ('cvdw', 'public', 'etl', 'bi') and c.relkind in ('r', 'p', 'v', 'm')
     )
     select r.schema, r.table, r.kind, null::text as column, 0 as position
     from relations r where coalesce(obj_description(r.oid, 'pg_class'), '') = ''
     union all
     select r.schema, r.table, r.kind, a.attname::text, a.attnum::int
     from relations r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
     where coalesce(col_description(r.oid, a.attnum), '') = ''
     order by 1, 2, 5`,
  );
  return rows.map(({ schema, table, kind, column }) => ({ schema, table, kind, column }));
}
