// The two data-subject requests, consultar and anonimizar: the records found by the pure matcher
// in the stored tables, rewritten in one transaction, and the audit. No personal value leaves
// this module: findings name tables, keys and fields only.
import { CATALOG, type ResourceSpec } from '../cvdw/catalog/index.ts';
import type { Database, Queryable } from '../db/database.ts';
import {
  anonymiseSales, clearFieldProblemValues, existingMirrorTables, fieldProblemCandidates, mirrorCandidates, recordSubjectRequest,
  rejectedCandidates, rememberAnonymisedSubject, rewriteMirrorRows, rewriteRejected, salesCandidates,
  type RejectedCandidate, type StoredRecord,
} from '../db/queries/data-subject.ts';
import { ANONYMISED, anonymiseRecord, matchingFields, personalFieldsFor, personalFieldsOf } from './records.ts';
import { digestOf, normaliseValue, searchTexts, subjectForms, type PiiStorage, type Subject } from './subject.ts';

/** One stored row that holds the subject's data: where, never what. */
export interface Finding {
  /** `cvdw.reservas`, `public.vendas`, `etl.rejected_records`, `etl.field_problems`. */
  readonly table: string;
  readonly conta: string;
  /** referencia, cvcrm_id, the reject's id, or resource/referencia of a field problem. */
  readonly key: string;
  /** The personal fields the row holds (dotted paths inside payload). */
  readonly fields: readonly string[];
}

export interface RequestOutcome {
  readonly requestId: number;
  readonly findings: readonly Finding[];
}

interface Located {
  readonly findings: Finding[];
  readonly mirror: { spec: ResourceSpec; rows: StoredRecord[] }[];
  readonly sales: StoredRecord[];
  readonly rejected: RejectedCandidate[];
}

async function locate(db: Queryable, subject: Subject, pii: PiiStorage): Promise<Located> {
  const texts = searchTexts(subject, pii);
  const forms = new Set(subjectForms(subject, pii));
  const findings: Finding[] = [];
  const mirror: Located['mirror'] = [];
  const tables = await existingMirrorTables(db);
  for (const spec of CATALOG.values()) {
    if (!tables.has(spec.table)) continue;
    const personal = personalFieldsFor(spec);
    const rows = (await mirrorCandidates(db, spec, texts)).filter((r) => matchingFields(r.record, personal, forms).length > 0);
    if (rows.length === 0) continue;
    mirror.push({ spec, rows });
    for (const r of rows) findings.push({ table: `cvdw.${spec.table}`, conta: r.conta, key: r.key, fields: personalFieldsOf(r.record, personal) });
  }
  const salesPersonal = personalFieldsFor(null);
  const sales = (await salesCandidates(db, texts)).filter((r) => matchingFields(r.record, salesPersonal, forms).length > 0);
  for (const r of sales) findings.push({ table: 'public.vendas', conta: r.conta, key: r.key, fields: personalFieldsOf(r.record, salesPersonal) });
  const rejected = (await rejectedCandidates(db, texts)).filter((r) => matchingFields(r.record, personalOf(r.resource), forms).length > 0);
  for (const r of rejected) findings.push({ table: 'etl.rejected_records', conta: r.conta, key: r.key, fields: personalFieldsOf(r.record, personalOf(r.resource)) });
  for (const p of await fieldProblemCandidates(db, texts)) {
    if (personalOf(p.resource).has(p.field) && forms.has(normaliseValue(p.raw))) {
      findings.push({ table: 'etl.field_problems', conta: p.conta, key: `${p.resource}/${p.referencia}`, fields: [p.field] });
    }
  }
  return { findings, mirror, sales, rejected };
}

function personalOf(resource: string): ReadonlySet<string> {
  return personalFieldsFor(CATALOG.get(resource) ?? null);
}

/** Keys per table, as the audit keeps them. */
function keysByTable(findings: readonly Finding[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of findings) (out[f.table] ??= []).push(f.conta === 'principal' ? f.key : `${f.conta}:${f.key}`);
  return out;
}

export async function consultSubject(db: Database, subject: Subject, pii: PiiStorage, requestedBy: string): Promise<RequestOutcome> {
  const { findings } = await locate(db, subject, pii);
  const requestId = await recordSubjectRequest(db, 'consultar', requestedBy, digestOf(subject.value), keysByTable(findings));
  return { requestId, findings };
}

/**
 * Replaces the subject's personal data everywhere it is stored and remembers the subject, so the
 * load keeps its records anonymised: all in one transaction, so a failure leaves nothing half done.
 */
export async function anonymiseSubject(db: Database, subject: Subject, pii: PiiStorage, requestedBy: string): Promise<RequestOutcome> {
  return db.transaction(async (tx) => {
    const located = await locate(tx, subject, pii);
    for (const { spec, rows } of located.mirror) {
      const personal = personalFieldsFor(spec);
      await rewriteMirrorRows(tx, spec, personal, ANONYMISED, rows.map((r) => ({ ...r, record: anonymiseRecord(r.record, personal) })));
      for (const conta of new Set(rows.map((r) => r.conta))) {
        await clearFieldProblemValues(tx, conta, spec.name, rows.filter((r) => r.conta === conta).map((r) => r.key), [...personal]);
      }
    }
    await anonymiseSales(tx, ANONYMISED, located.sales);
    await rewriteRejected(tx, located.rejected.map((r) => ({ ...r, record: anonymiseRecord(r.record, personalOf(r.resource)) })));
    for (const f of located.findings.filter((x) => x.table === 'etl.field_problems')) {
      const slash = f.key.lastIndexOf('/');
      await clearFieldProblemValues(tx, f.conta, f.key.slice(0, slash), [f.key.slice(slash + 1)], f.fields);
    }
    const requestId = await recordSubjectRequest(tx, 'anonimizar', requestedBy, digestOf(subject.value), keysByTable(located.findings));
    const digests = [...new Set([...subjectForms(subject, pii), ...(subject.kind === 'cpf' ? [normaliseValue(subject.value)] : [])].map(digestOf))];
    await rememberAnonymisedSubject(tx, digests, requestId);
    return { requestId, findings: located.findings };
  });
}
