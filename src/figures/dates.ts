// Calendar arithmetic on ISO dates ('YYYY-MM-DD'). Business days are Brazilian: "today" is the
// date in America/Sao_Paulo, whatever the server's own time zone.

export const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date in São Paulo at the instant `now`. */
export function todayInSaoPaulo(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for a real calendar date such as 2024-02-29 (and false for 2023-02-29). */
export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toUtc(iso: string): Date {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new Error(`não é uma data ISO: ${iso}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const date = toUtc(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/** First day of the month `months` away from the month of `iso`. */
export function addMonths(iso: string, months: number): string {
  const date = toUtc(monthStart(iso));
  date.setUTCMonth(date.getUTCMonth() + months);
  return fromUtc(date);
}

export function monthStart(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** Days from `from` to `to` counting both ends (1 when equal). */
export function daysInclusive(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000) + 1;
}

/** Months from the month of `from` to the month of `to`, counting both (1 when the same month). */
export function monthsInclusive(from: string, to: string): number {
  const a = toUtc(from);
  const b = toUtc(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth()) + 1;
}

/** 'YYYY-MM-DD' → 'dd/mm/aaaa', the Brazilian way. */
export function formatDateBr(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** 'YYYY-MM' of an ISO date. */
export function monthKey(iso: string): string {
  return iso.slice(0, 7);
}
