// Small value formatters shared by the record generators.
import { formatDate, formatDateTime, ZERO_DATE } from '../naive-time.ts';

export type Rec = Record<string, unknown>;

/** A timestamp field: null when absent. */
export function dt(seconds: number | undefined | null): string | null {
  return seconds === undefined || seconds === null ? null : formatDateTime(seconds);
}

/** A timestamp that live data sometimes carries as the zero date (undefined here). */
export function dtOrZero(seconds: number | undefined): string {
  return seconds === undefined ? ZERO_DATE : formatDateTime(seconds);
}

export function day(seconds: number | undefined | null): string | null {
  return seconds === undefined || seconds === null ? null : formatDate(seconds);
}

/** `referencia` as live data sends it: usually a string, sometimes a JSON number. */
export function refValue(id: number, asNumber: boolean): string | number {
  return asNumber ? id : String(id);
}

/** The numeric id in a plain referencia ("437" or 437), or undefined. */
export function parseId(referencia: string): number | undefined {
  return /^\d{1,15}$/.test(referencia) ? Number(referencia) : undefined;
}
