// Shared pieces of the API handlers: JSON or CSV output, and the months a series covers.
import type { Context } from 'hono';
import { toCsv, type CsvColumn } from '../csv.ts';
import { addMonths, monthStart, monthsInclusive, todayInSaoPaulo } from '../dates.ts';
import type { Filters, ParsedQuery } from '../params.ts';
import type { AppEnv, WebContext } from '../context.ts';

export function today(ctx: WebContext): string {
  return todayInSaoPaulo(ctx.now());
}

/** Answers JSON, or CSV when the query asked for format=csv. */
export function respond<Row>(
  c: Context<AppEnv>,
  query: ParsedQuery,
  json: unknown,
  csv: { name: string; rows: readonly Row[]; columns: readonly CsvColumn<Row>[] },
): Response {
  if (query.format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${csv.name}.csv"`);
    return c.body(toCsv(csv.rows, csv.columns));
  }
  return c.json(json);
}

export const MIN_SERIES_MONTHS = 12;
export const MAX_SERIES_MONTHS = 120;

/**
 * The months a monthly series shows: from the month of `de` to the month of `ate` (today when
 * open), at least 12 (extended backwards) and at most 120 (the most recent ones).
 */
export function seriesMonths(filters: Pick<Filters, 'de' | 'ate'>, todayIso: string): string[] {
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
