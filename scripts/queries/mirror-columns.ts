// The columns the cvdw mirror has in a database: table → column → PostgreSQL type name (tables
// only: a view in the schema is not part of the mirror).
import type { Queryable } from '../../src/db/database.ts';

export type MirrorColumns = ReadonlyMap<string, ReadonlyMap<string, string>>;

export async function readMirrorColumns(db: Queryable): Promise<MirrorColumns> {
  const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `select c.table_name, c.column_name, c.data_type
     from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'cvdw' and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let table = tables.get(row.table_name);
    if (table === undefined) tables.set(row.table_name, (table = new Map()));
    table.set(row.column_name, row.data_type);
  }
  return tables;
}
