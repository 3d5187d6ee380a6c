// A later sync reads an anonymised subject's records again from the source, as they were: before
// a page is written, the records of the subjects already anonymised are anonymised again. Pure.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import { ANONYMISED, anonymiseRecord, personalFieldsFor, personalValues } from './records.ts';
import { digestOf } from './subject.ts';

/** Whether any personal value of the record is one of an anonymised subject's. */
export function belongsToAnonymised(record: unknown, personal: ReadonlySet<string>, digests: ReadonlySet<string>): boolean {
  return personalValues(record, personal).some((v) => digests.has(digestOf(v)));
}

/** The mirror row with its payload anonymised and its personal typed columns replaced or emptied. */
export function anonymiseRow<R extends { readonly payload: unknown }>(row: R, spec: ResourceSpec): R {
  const personal = personalFieldsFor(spec);
  const copy: Record<string, unknown> = { ...row, payload: anonymiseRecord(row.payload, personal) };
  for (const field of spec.fields) {
    if (!personal.has(field.name) || copy[field.name] === null || copy[field.name] === undefined) continue;
    copy[field.name] = field.type === 'text' ? ANONYMISED : null;
  }
  return copy as R;
}

interface PageLike {
  readonly rows: readonly { readonly referencia: string; readonly payload: unknown }[];
  readonly rejections: readonly { readonly payload: unknown }[];
  readonly problems: readonly { readonly referencia: string; readonly field: string; readonly raw: string | null }[];
}

/** The page with the anonymised subjects' rows, rejects and field-problem values anonymised. */
export function keepAnonymised<P extends PageLike>(spec: ResourceSpec, page: P, digests: ReadonlySet<string>): P {
  if (digests.size === 0) return page;
  const personal = personalFieldsFor(spec);
  const anonymised = new Set<string>();
  const rows = page.rows.map((row) => {
    if (!belongsToAnonymised(row.payload, personal, digests)) return row;
    anonymised.add(row.referencia);
    return anonymiseRow(row, spec);
  });
  const rejections = page.rejections.map((r) => (belongsToAnonymised(r.payload, personal, digests) ? { ...r, payload: anonymiseRecord(r.payload, personal) } : r));
  const problems = page.problems.map((p) => (anonymised.has(p.referencia) && personal.has(p.field) ? { ...p, raw: null } : p));
  return { ...page, rows, rejections, problems };
}
