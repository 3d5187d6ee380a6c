// etl.field_problems: values of loaded records that their typed column could not hold.
import type { ResourceSpec } from '../../cvdw/catalog/index.ts';
import type { Queryable } from '../database.ts';
import { quoteIdent } from '../ddl/mirror-ddl.ts';

export interface FieldProblemRow {
  readonly referencia: string;
  readonly field: string;
  readonly raw: string | null;
  readonly reason: string;
}

/**
 * Written with the page that loaded the records: the problems of these versions are recorded once
 * per record and field (a re-read only moves last_seen_at), and the old problems of the records
 * just loaded that no longer have them are cleared, so a corrected record keeps none.
 */
export async function recordFieldProblems(
  db: Queryable, conta: string, resource: string, runId: number, loaded: readonly string[], problems: readonly FieldProblemRow[],
): Promise<void> {
  if (loaded.length === 0) return;
  const json = JSON.stringify(problems);
  await db.query(
    `delete from etl.field_problems f
     where f.conta = $4::text and f.resource = $1::text and f.referencia = any($2::text[])
       and not exists (
         select 1 from jsonb_to_recordset($3::jsonb) as p(referencia text, field text)
         where p.referencia = f.referencia and p.field = f.field)`,
    [resource, loaded, json, conta],
  );
  if (problems.length === 0) return;
  await db.query(
    `insert into etl.field_problems (conta, resource, referencia, field, raw_value, reason, run_id)
     select $4::text, $1::text, p.referencia, p.field, p.raw, p.reason, $2::bigint
     from jsonb_to_recordset($3::jsonb) as p(referencia text, field text, raw text, reason text)
     on conflict (conta, resource, referencia, field) do update
       set raw_value = excluded.raw_value, reason = excluded.reason, run_id = excluded.run_id, last_seen_at = now()`,
    [resource, runId, json, conta],
  );
}

export interface FieldProblemGroup {
  readonly field: string;
  readonly reason: string;
  readonly records: number;
  /** A few referencias, to look the records up. */
  readonly examples: string;
}

/** The problems of the resource's live records, by field and reason. */
export async function fieldProblemGroups(db: Queryable, conta: string, spec: ResourceSpec): Promise<FieldProblemGroup[]> {
  const { rows } = await db.query<FieldProblemGroup>(
    `select f.field, f.reason, count(*)::int as records,
            array_to_string((array_agg(f.referencia order by f.referencia))[1:3], ', ') as examples
     from etl.field_problems f
     join cvdw.${quoteIdent(spec.table)} m on m.conta = f.conta and m.referencia = f.referencia and m.deleted_at is null
     where f.conta = $2::text and f.resource = $1::text
     group by f.field, f.reason
     order by f.field, f.reason`,
    [spec.name, conta],
  );
  return rows;
}

/** How many live records of the resource have at least one field problem. */
export async function countRecordsWithProblems(db: Queryable, conta: string, spec: ResourceSpec): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(distinct f.referencia)::int as n
     from etl.field_problems f
     join cvdw.${quoteIdent(spec.table)} m on m.conta = f.conta and m.referencia = f.referencia and m.deleted_at is null
     where f.conta = $2::text and f.resource = $1::text`,
    [spec.name, conta],
  );
  return rows[0]?.n ?? 0;
}
