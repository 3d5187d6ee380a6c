// Shared pieces of the API handlers: today's date, and JSON or CSV output.
import type { Context } from 'hono';
import { toCsv, type CsvColumn } from '../csv.ts';
import { todayInSaoPaulo } from '../../figures/dates.ts';
import type { ParsedQuery } from '../params.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { resolveAccounts, type AccountScope } from '../accounts.ts';

/** The accounts this request reads: its `conta` within the caller's grant. */
export function accountsOf(c: Context<AppEnv>, ctx: WebContext, query: ParsedQuery): AccountScope {
  return resolveAccounts(ctx.config, c.get('principal'), query.conta);
}

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
