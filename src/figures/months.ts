// The months a monthly figure covers. Months are whole calendar months, named by their first day
// (YYYY-MM-01).
import { addMonths, monthStart, monthsInclusive } from './dates.ts';
import type { FigureFilter } from './filter.ts';

export const MIN_SERIES_MONTHS = 12;
export const MAX_SERIES_MONTHS = 120;

/**
 * The months a monthly series shows: from the month of `de` to the month of `ate` (today when
 * open), at least 12 (extended backwards) and at most 120 (the most recent ones).
 */
export function seriesMonths(filters: Pick<FigureFilter, 'de' | 'ate'>, todayIso: string): string[] {
  const last = monthStart(filters.ate ?? todayIso);
  let first = filters.de === null ? addMonths(last, -(MIN_SERIES_MONTHS - 1)) : monthStart(filters.de);
  const count = monthsInclusive(first, last);
  if (count < MIN_SERIES_MONTHS) first = addMonths(last, -(MIN_SERIES_MONTHS - 1));
  if (count > MAX_SERIES_MONTHS) first = addMonths(last, -(MAX_SERIES_MONTHS - 1));
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** Last day of the month starting at `month` (YYYY-MM-01). */
export function monthEnd(month: string): string {
  const next = addMonths(month, 1);
  const d = new Date(`${next}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
