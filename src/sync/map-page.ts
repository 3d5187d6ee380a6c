// Maps one page of records for loading: the rows to upsert, their field problems, and the records
// rejected whole. Pure.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import { mapRecord, type FieldProblem, type MirrorRow, type PiiOptions } from './map-record.ts';

/** A field problem of one loaded record, as etl.field_problems keeps it. */
export interface RecordFieldProblem extends FieldProblem {
  readonly referencia: string;
}

export interface RejectedRecord {
  readonly referencia: string | null;
  readonly reason: string;
  readonly payload: unknown;
}

export interface MappedPage {
  /** One row per key: PostgreSQL refuses an upsert that touches the same row twice. */
  readonly rows: MirrorRow[];
  /** The problems of the versions in `rows`, and only those. */
  readonly problems: RecordFieldProblem[];
  /** How many rows have at least one field problem. */
  readonly recordsWithProblems: number;
  readonly rejections: RejectedRecord[];
}

/**
 * The same key twice in one page keeps the later record, with its problems (the API sends a
 * record again when it changes while being paged; the later one is the newer).
 */
export function mapPage(spec: ResourceSpec, records: readonly unknown[], pii: PiiOptions): MappedPage {
  const byKey = new Map<string, { row: MirrorRow; problems: readonly FieldProblem[] }>();
  const rejections: RejectedRecord[] = [];
  for (const record of records) {
    const result = mapRecord(spec, record, pii);
    if (result.ok) byKey.set(result.row.referencia, { row: result.row, problems: result.problems });
    else rejections.push({ referencia: result.referencia, reason: result.reason, payload: safePayload(record) });
  }
  const rows: MirrorRow[] = [];
  const problems: RecordFieldProblem[] = [];
  let recordsWithProblems = 0;
  for (const [referencia, mapped] of byKey) {
    rows.push(mapped.row);
    if (mapped.problems.length > 0) recordsWithProblems++;
    for (const problem of mapped.problems) problems.push({ referencia, ...problem });
  }
  return { rows, problems, recordsWithProblems, rejections };
}

/**
 * The keys of the page's records rejected whole (too large, nested too deep) that still name a
 * record, except those the page also loaded in another version: their rows count as seen.
 */
export function rejectedWithKey(page: MappedPage): string[] {
  const loaded = new Set(page.rows.map((r) => r.referencia));
  const keys = page.rejections.map((r) => r.referencia).filter((k): k is string => k !== null && !loaded.has(k));
  return [...new Set(keys)];
}

/** What is kept of a rejected record: itself when it is an ordinary object, else a bounded excerpt. */
function safePayload(record: unknown): unknown {
  let text: string;
  try {
    text = JSON.stringify(record) ?? 'null';
  } catch {
    return { unserialisable: true };
  }
  if (text.length > 100_000 || nestingOf(text) > 32) return { excerpt: text.slice(0, 2000) };
  return record === null || typeof record !== 'object' ? { value: record } : record;
}

function nestingOf(json: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of json) {
    if (ch === '{' || ch === '[') max = Math.max(max, ++depth);
    else if (ch === '}' || ch === ']') depth--;
  }
  return max;
}
