// Maps one CVDW record to a mirror row: typed columns from the catalog, the record as received in
// payload. A value a typed column cannot hold leaves that column null and is reported as a field
// problem: the record itself is kept. Only a record with no usable key, or one that is no CVDW
// record at all, is rejected whole, with a reason, never silently dropped. Pure.
import { createHmac } from 'node:crypto';
import { dataFields, type FieldSpec, type ResourceSpec } from '../cvdw/catalog/index.ts';
import { rememberJsonText } from '../util/json-text.ts';
import { ValueError, parseInteger, parseJsonValue, parseNumeric, parseText, parseTimestamp } from './parse-values.ts';

export type MirrorRow = Record<string, unknown> & { referencia: string; referencia_data: string | null; payload: unknown };

/** One value of a loaded record that its typed column could not hold. */
export interface FieldProblem {
  readonly field: string;
  /**
   * The value as received, as bounded text. Null when it is personal data and PII_STORAGE=hashed:
   * the hashed mode keeps no personal value in clear, and the bookkeeping is no exception.
   */
  readonly raw: string | null;
  /** pt-BR, never quoting the value. */
  readonly reason: string;
}

export type MapResult =
  | { readonly ok: true; readonly row: MirrorRow; readonly problems: readonly FieldProblem[] }
  | { readonly ok: false; readonly reason: string; readonly referencia: string | null };

export interface PiiOptions {
  readonly storage: 'full' | 'hashed';
  readonly hmacSecret?: string | undefined;
}

/** Records deeper or larger than this are refused: they are no CVDW record and could exhaust the database's stack. */
const MAX_DEPTH = 32;
const MAX_RECORD_CHARS = 1_000_000;
/** Enough to see what went wrong; the whole value stays in payload. */
const MAX_RAW_CHARS = 500;

/** With PII_STORAGE=hashed, these identify a person and are stored as keyed hashes (joins still work). */
const HASHED_FIELDS = new Set(['email', 'documento', 'documento_cliente', 'cpf', 'cliente_email']);

const fieldCache = new WeakMap<ResourceSpec, readonly FieldSpec[]>();

function fieldsOf(spec: ResourceSpec): readonly FieldSpec[] {
  let fields = fieldCache.get(spec);
  if (fields === undefined) fieldCache.set(spec, (fields = dataFields(spec)));
  return fields;
}

export function mapRecord(spec: ResourceSpec, record: unknown, pii: PiiOptions = { storage: 'full' }): MapResult {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, reason: 'record is not a JSON object', referencia: null };
  }
  const source = record as Record<string, unknown>;
  const keyValue = own(source, spec.keyField);
  const referencia = typeof keyValue === 'number' && Number.isFinite(keyValue) ? String(keyValue) : typeof keyValue === 'string' ? keyValue.trim() : '';
  if (referencia === '' || referencia.length > 200) {
    return { ok: false, reason: `missing or invalid key ${spec.keyField}`, referencia: null };
  }
  if (depthOf(source, 0) > MAX_DEPTH) return { ok: false, reason: `nesting deeper than ${MAX_DEPTH} levels`, referencia };
  const payload = pii.storage === 'hashed' ? hashPii(source, pii.hmacSecret ?? '') : source;
  const serialised = JSON.stringify(payload);
  if (serialised.length > MAX_RECORD_CHARS) return { ok: false, reason: `record larger than ${MAX_RECORD_CHARS} characters`, referencia };

  const problems: FieldProblem[] = [];
  const hidePersonal = pii.storage === 'hashed';
  let referenciaData: string | null = null;
  if (spec.kind === 'cvdw') {
    const parsed = parseTimestamp(own(source, 'referencia_data'));
    if (parsed instanceof ValueError) problems.push({ field: 'referencia_data', raw: rawText(own(source, 'referencia_data')), reason: parsed.reason });
    else referenciaData = parsed;
  }

  // The payload is the record itself (or its hashed copy), not a copy of it: the mirror writes
  // the text just made, and nothing changes a record once it is mapped.
  rememberJsonText(payload, serialised);
  const row: MirrorRow = { referencia, referencia_data: referenciaData, payload };
  for (const field of fieldsOf(spec)) {
    const raw = own(payload as Record<string, unknown>, field.name);
    let value: unknown;
    switch (field.type) {
      case 'text': value = parseText(raw); break;
      case 'integer': value = parseInteger(raw); break;
      case 'numeric': value = parseNumeric(raw); break;
      case 'timestamp': value = parseTimestamp(raw); break;
      case 'json': value = parseJsonValue(raw); break;
    }
    if (value instanceof ValueError) {
      const personal = field.pii || HASHED_FIELDS.has(field.name);
      problems.push({ field: field.name, raw: hidePersonal && personal ? null : rawText(raw), reason: value.reason });
      value = null;
    }
    row[field.name] = value;
  }
  return { ok: true, row, problems };
}

/** The received value as text for the bookkeeping: strings as they are, anything else as JSON. */
function rawText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
}

/** A property of the record itself, never one inherited (a key like "constructor" reads nothing). */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function depthOf(value: unknown, depth: number): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return depth;
  let max = depth;
  for (const inner of Object.values(value as object)) {
    max = Math.max(max, depthOf(inner, depth + 1));
    if (max > MAX_DEPTH) break;
  }
  return max;
}

export function hmacValue(value: string, secret: string): string {
  return `hmac:${createHmac('sha256', secret).update(value.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

function hashPii(record: Record<string, unknown>, secret: string): Record<string, unknown> {
  // No prototype: a "__proto__" key in the record stays an ordinary key.
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    copy[key] = HASHED_FIELDS.has(key) && (typeof value === 'string' || typeof value === 'number') && String(value).trim() !== ''
      ? hmacValue(String(value), secret)
      : value;
  }
  return copy;
}
