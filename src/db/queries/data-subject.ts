// The data-subject requests (LGPD art. 18): finding the stored records that may belong to a
// person, rewriting them anonymised, and the audit of the requests. The caller decides which
// records match (src/lgpd); here the search is only a cheap text filter.
import type { ResourceSpec } from '../../cvdw/catalog/index.ts';
import type { Queryable } from '../database.ts';
import { quoteIdent } from '../ddl/mirror-ddl.ts';

export interface StoredRecord {
  readonly conta: string;
  /** The row's key in its table: referencia, cvcrm_id or the reject's id. */
  readonly key: string;
  readonly record: Record<string, unknown>;
}

/** Mirror tables present in the database (a catalog resource may have none yet). */
export async function existingMirrorTables(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ relname: string }>(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'cvdw' and c.relkind = 'r'`,
  );
  return new Set(rows.map((r) => r.relname));
}

/** Mirror rows whose payload contains any of the texts (lower-cased). */
export async function mirrorCandidates(db: Queryable, spec: ResourceSpec, texts: readonly string[]): Promise<StoredRecord[]> {
  const { rows } = await db.query<{ conta: string; referencia: string; payload: Record<string, unknown> }>(
    `select conta, referencia, payload from cvdw.${quoteIdent(spec.table)}
     where exists (select 1 from unnest($1::text[]) t where strpos(lower(payload::text), t) > 0)`,
    [texts],
  );
  return rows.map((r) => ({ conta: r.conta, key: r.referencia, record: r.payload }));
}

/**
 * Rewrites mirror rows: the anonymised payload, and each personal typed column replaced by the
 * marker (text) or emptied (numbers, dates: a person's income or birth date, never a sale figure).
 */
export async function rewriteMirrorRows(
  db: Queryable, spec: ResourceSpec, personal: ReadonlySet<string>, marker: string, rows: readonly StoredRecord[],
): Promise<void> {
  const sets = spec.fields.filter((f) => personal.has(f.name)).map((f) => {
    const col = quoteIdent(f.name);
    return f.type === 'text' ? `${col} = case when ${col} is null then null else $4::text end` : `${col} = null`;
  });
  for (const row of rows) {
    await db.query(
      `update cvdw.${quoteIdent(spec.table)} set payload = $3::jsonb${sets.map((s) => `, ${s}`).join('')}
       where conta = $1::text and referencia = $2::text`,
      [row.conta, row.key, JSON.stringify(row.record), marker],
    );
  }
}

/** Sales whose client columns contain any of the texts. */
export async function salesCandidates(db: Queryable, texts: readonly string[]): Promise<StoredRecord[]> {
  const { rows } = await db.query<{ conta: string; cvcrm_id: number; cliente: string | null; cliente_email: string | null; cliente_documento: string | null }>(
    `select conta, cvcrm_id, cliente, cliente_email, cliente_documento from public.vendas
     where exists (select 1 from unnest($1::text[]) t
                   where strpos(lower(coalesce(cliente_documento, '') || ' ' || coalesce(cliente_email, '')), t) > 0)`,
    [texts],
  );
  return rows.map((r) => ({
    conta: r.conta, key: String(r.cvcrm_id),
    record: { cliente: r.cliente, cliente_email: r.cliente_email, cliente_documento: r.cliente_documento },
  }));
}

/** Only the client columns change: valor and the dates stay, so the sales figures do not move. */
export async function anonymiseSales(db: Queryable, marker: string, rows: readonly StoredRecord[]): Promise<void> {
  for (const row of rows) {
    await db.query(
      `update public.vendas set
         cliente = case when cliente is null then null else $3::text end,
         cliente_email = case when cliente_email is null then null else $3::text end,
         cliente_documento = case when cliente_documento is null then null else $3::text end
       where conta = $1::text and cvcrm_id = $2::bigint`,
      [row.conta, row.key, marker],
    );
  }
}

export interface RejectedCandidate extends StoredRecord {
  readonly resource: string;
}

/** Records rejected whole whose payload contains any of the texts. */
export async function rejectedCandidates(db: Queryable, texts: readonly string[]): Promise<RejectedCandidate[]> {
  const { rows } = await db.query<{ id: number; conta: string; resource: string; payload: Record<string, unknown> }>(
    `select id, conta, resource, payload from etl.rejected_records
     where exists (select 1 from unnest($1::text[]) t where strpos(lower(payload::text), t) > 0)`,
    [texts],
  );
  return rows.map((r) => ({ conta: r.conta, key: String(r.id), resource: r.resource, record: r.payload }));
}

/**
 * A reject is kept once per content: one whose anonymised payload equals another reject of the
 * same record and reason is removed rather than kept twice.
 */
export async function rewriteRejected(db: Queryable, rows: readonly RejectedCandidate[]): Promise<void> {
  for (const row of rows) {
    const payload = JSON.stringify(row.record);
    const { rowCount } = await db.query(
      `delete from etl.rejected_records r where r.id = $1::bigint and exists (
         select 1 from etl.rejected_records o
         where o.id <> r.id and o.conta = r.conta and o.resource = r.resource and o.reason = r.reason
           and md5(o.payload::text) = md5($2::jsonb::text))`,
      [row.key, payload],
    );
    if (rowCount === 0) await db.query('update etl.rejected_records set payload = $2::jsonb where id = $1::bigint', [row.key, payload]);
  }
}

export interface FieldProblemCandidate {
  readonly conta: string;
  readonly resource: string;
  readonly referencia: string;
  readonly field: string;
  readonly raw: string;
}

/** Field problems whose kept value contains any of the texts. */
export async function fieldProblemCandidates(db: Queryable, texts: readonly string[]): Promise<FieldProblemCandidate[]> {
  const { rows } = await db.query<FieldProblemCandidate>(
    `select conta, resource, referencia, field, raw_value as raw from etl.field_problems
     where raw_value is not null and exists (select 1 from unnest($1::text[]) t where strpos(lower(raw_value), t) > 0)`,
    [texts],
  );
  return rows;
}

/** Forgets the kept values of the personal fields of these records (the reason stays). */
export async function clearFieldProblemValues(
  db: Queryable, conta: string, resource: string, referencias: readonly string[], fields: readonly string[],
): Promise<number> {
  if (referencias.length === 0) return 0;
  const { rowCount } = await db.query(
    `update etl.field_problems set raw_value = null
     where conta = $1::text and resource = $2::text and referencia = any($3::text[]) and field = any($4::text[]) and raw_value is not null`,
    [conta, resource, referencias, fields],
  );
  return rowCount;
}

/** The audit of one request: never the person's data, only its digest and the keys of the rows. */
export async function recordSubjectRequest(
  db: Queryable, kind: 'consultar' | 'anonimizar', requestedBy: string, subjectDigest: string, rowsAffected: Readonly<Record<string, readonly string[]>>,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into etl.data_subject_requests (kind, requested_by, subject_digest, rows_affected)
     values ($1::text, $2::text, $3::text, $4::jsonb) returning id`,
    [kind, requestedBy, subjectDigest, JSON.stringify(rowsAffected)],
  );
  return rows[0]!.id;
}

export async function rememberAnonymisedSubject(db: Queryable, digests: readonly string[], requestId: number): Promise<void> {
  await db.query(
    `insert into etl.anonymised_subjects (digest, request_id) select d, $2::bigint from unnest($1::text[]) d on conflict (digest) do nothing`,
    [digests, requestId],
  );
}

/** Digests of the subjects the load must keep anonymised. */
export async function anonymisedSubjectDigests(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ digest: string }>('select digest from etl.anonymised_subjects');
  return new Set(rows.map((r) => r.digest));
}
