// Maps one CVDW record to a mirror row: typed columns from the catalog, the record as received in
// payload. A record that cannot be mapped is rejected with a reason, never silently dropped. Pure.
import { createHmac } from 'node:crypto';
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import { dataFields } from '../db/ddl/mirror-ddl.ts';
import { ValueError, parseInteger, parseJsonValue, parseNumeric, parseText, parseTimestamp } from './parse-values.ts';

export type MirrorRow = Record<string, unknown> & { referencia: string; referencia_data: string | null; payload: unknown };

export type MapResult =
  | { readonly ok: true; readonly row: MirrorRow }
  | { readonly ok: false; readonly reason: string; readonly referencia: string | null };

export interface PiiOptions {
  readonly storage: 'full' | 'hashed';
  readonly hmacSecret?: string | undefined;
}

/** Records deeper or larger than this are refused: they are no CVDW record and could exhaust the database's stack. */
const MAX_DEPTH = 32;
const MAX_RECORD_CHARS = 1_000_000;

/** With PII_STORAGE=hashed, these identify a person and are stored as keyed hashes (joins still work). */
const HASHED_FIELDS = new Set(['email', 'documento', 'documento_cliente', 'cpf', 'cliente_email']);

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

  const referenciaData = spec.kind === 'cvdw' ? parseTimestamp(own(source, 'referencia_data')) : null;
  if (referenciaData instanceof ValueError) return { ok: false, reason: `referencia_data: ${referenciaData.reason}`, referencia };

  const row: MirrorRow = { referencia, referencia_data: referenciaData, payload: JSON.parse(serialised) };
  for (const field of dataFields(spec)) {
    const raw = own(payload as Record<string, unknown>, field.name);
    let value: unknown;
    switch (field.type) {
      case 'text': value = parseText(raw); break;
      case 'integer': value = parseInteger(raw); break;
      case 'numeric': value = parseNumeric(raw); break;
      case 'timestamp': value = parseTimestamp(raw); break;
      case 'json': value = parseJsonValue(raw); break;
    }
    if (value instanceof ValueError) return { ok: false, reason: `${field.name}: ${value.reason}`, referencia };
    row[field.name] = value;
  }
  return { ok: true, row };
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
