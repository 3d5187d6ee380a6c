// Counted sales of a period broken down by project, broker, team and lead origin.
import type { Queryable } from '../db/database.ts';
import { selectBrokerRanking } from './queries/broker-ranking.ts';
import { filterParams } from './queries/sales-filter.ts';
import { selectSalesByLeadSource } from './queries/sales-by-lead-source.ts';
import { selectSalesByProject } from './queries/sales-by-project.ts';
import { selectSalesByTeam } from './queries/sales-by-team.ts';
import type { FigureFilter } from './filter.ts';
import { accountInRows } from './accounts.ts';
import { percent, sumOf } from './numbers.ts';

export async function byProjectFigures(db: Queryable, filters: FigureFilter) {
  return { periodo: filters.label, empreendimentos: accountInRows(await selectSalesByProject(db, filterParams(filters)), filters.accountInRows) };
}

/** The `limit` brokers with the most VGV, each with its position (1 first). */
export async function brokerFigures(db: Queryable, filters: FigureFilter, limit: number) {
  const rows = await selectBrokerRanking(db, filterParams(filters), limit);
  return { periodo: filters.label, corretores: accountInRows(rows, filters.accountInRows).map((r, i) => ({ posicao: i + 1, ...r })) };
}

export async function teamFigures(db: Queryable, filters: FigureFilter) {
  return { periodo: filters.label, times: accountInRows(await selectSalesByTeam(db, filterParams(filters)), filters.accountInRows) };
}

/** Sales per lead origin, each with its share of the period's sales. */
export async function leadSourceFigures(db: Queryable, filters: FigureFilter) {
  const rows = await selectSalesByLeadSource(db, filterParams(filters));
  const total = sumOf(rows, (r) => r.vendas);
  return { periodo: filters.label, origens: accountInRows(rows, filters.accountInRows).map((r) => ({ ...r, participacao_pct: percent(r.vendas, total) })) };
}
