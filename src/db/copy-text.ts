// Rows in COPY's text format: one line per row, values separated by tabs, `\N` for null, and a
// backslash escaping backslash, tab, newline and carriage return. Pure.
import { jsonText } from '../util/json-text.ts';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escape(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text;
}

/**
 * A value for a text, numeric, bigint or timestamp column: text as it is, numbers printed (the
 * string form of a JS number is one numeric reads, and integers reach here only when safe).
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return escape(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** A value for a jsonb column: always as JSON, so the text "12" stays a JSON string. */
export function copyJson(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return escape(jsonText(value));
}
