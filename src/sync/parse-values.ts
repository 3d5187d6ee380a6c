// Turns CVDW's loosely typed values into what the mirror's typed columns accept. Pure. Each
// parser returns the value, null for "no value", or a ValueError when the value is unusable.
import { decodeHTML } from 'entities';

/**
 * Why a value is unusable, in pt-BR for the people who read it. Never quotes the value: it may be
 * personal data, and the value itself is kept apart (see map-record.ts).
 */
export class ValueError {
  constructor(readonly reason: string) {}
}

/** "veio um objeto": what was received instead, without the value. */
function received(value: unknown): string {
  if (Array.isArray(value)) return 'veio uma lista';
  switch (typeof value) {
    case 'number': return 'veio um número';
    case 'boolean': return 'veio um booleano';
    case 'string': return 'veio um texto';
    case 'object': return 'veio um objeto';
    default: return `veio ${typeof value}`;
  }
}

const ZERO_DATE = /^(0000-00-00|00\/00\/0000)/;

/** 'Y-m-d H:i:s', 'Y-m-d', 'DD/MM/YYYY [HH:MM[:SS]]' or ISO; zero dates are null. */
export function parseTimestamp(value: unknown): string | null | ValueError {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return new ValueError(`esperava uma data, ${received(value)}`);
  const text = value.trim();
  if (text === '' || ZERO_DATE.test(text)) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  let parts: [string, string, string, (string | undefined)?, (string | undefined)?, (string | undefined)?] | undefined;
  if (m) parts = [m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]];
  else {
    m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    if (m) parts = [m[3]!, m[2]!, m[1]!, m[4], m[5], m[6]];
  }
  if (parts === undefined) return new ValueError('data ilegível');
  const [y, mo, d, h = '00', mi = '00', s = '00'] = parts;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) ||
    Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(y) < 1900 || Number(y) > 2200
  ) {
    return new ValueError('data impossível');
  }
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** JSON numbers, or strings holding a plain ("1234.5") or Brazilian ("1.234,50") decimal. */
export function parseNumeric(value: unknown): number | null | ValueError {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : new ValueError('número não finito');
  if (typeof value !== 'string') return new ValueError(`esperava um número, ${received(value)}`);
  const text = value.trim();
  if (text === '') return null;
  let normalised = text;
  // Thousands groups never start with 0, so "0.500" is a plain decimal, not 500.
  if (/^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(text) || /^-?\d+,\d+$/.test(text)) {
    normalised = text.replace(/\./g, '').replace(',', '.');
  }
  if (!/^-?\d+(\.\d+)?$/.test(normalised) || normalised.length > 40) return new ValueError('número ilegível');
  return Number(normalised);
}

export function parseInteger(value: unknown): number | null | ValueError {
  const parsed = parseNumeric(value);
  if (parsed === null || parsed instanceof ValueError) return parsed;
  if (!Number.isSafeInteger(parsed)) return new ValueError('esperava um número inteiro');
  return parsed;
}

/** Text with HTML entities decoded ("Ltda &amp; Cia" → "Ltda & Cia"); numbers become text. */
export function parseText(value: unknown): string | null | ValueError {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.includes('&') ? decodeHTML(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new ValueError(`esperava texto, ${received(value)}`);
}

export function parseJsonValue(value: unknown): unknown {
  return value === undefined ? null : value;
}
