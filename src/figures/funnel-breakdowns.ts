// The cohort's funnel per origin, media, broker and project: the same figures as the whole
// cohort's, with each step as a share of the group's leads.
import type { Queryable } from '../db/database.ts';
import type { FigureFilter } from './filter.ts';
import { accountInRows } from './accounts.ts';
import { conversions } from './funnel-numbers.ts';
import type { CohortCounts } from './queries/funnel-filter.ts';
import { selectCohortByBroker, selectCohortByMedia, selectCohortByOrigin, selectCohortByProject } from './queries/funnel-groups.ts';
import { filterParams } from './queries/sales-filter.ts';

/** The group's own fields, then its counts, conversions and medians, in that order. */
function withConversions<Row extends Omit<CohortCounts, never>>(row: Row) {
  const { leads, visitas, reservas, vendas, dias_ate_venda_mediana, horas_primeiro_atendimento_mediana, ...group } = row;
  return {
    ...group,
    leads, visitas, reservas, vendas,
    ...conversions(row),
    dias_ate_venda_mediana, horas_primeiro_atendimento_mediana,
  };
}

export async function funnelByOriginFigures(db: Queryable, filters: FigureFilter) {
  const rows = await selectCohortByOrigin(db, filterParams(filters));
  return { periodo: filters.label, origens: accountInRows(rows, filters.accountInRows).map(withConversions) };
}

export async function funnelByMediaFigures(db: Queryable, filters: FigureFilter) {
  const rows = await selectCohortByMedia(db, filterParams(filters));
  return { periodo: filters.label, midias: accountInRows(rows, filters.accountInRows).map(withConversions) };
}

export async function funnelByBrokerFigures(db: Queryable, filters: FigureFilter, page: { limit: number; offset: number }) {
  const { rows, total } = await selectCohortByBroker(db, filterParams(filters), page);
  return { periodo: filters.label, total, corretores: accountInRows(rows, filters.accountInRows).map(withConversions) };
}

export async function funnelByProjectFigures(db: Queryable, filters: FigureFilter) {
  const rows = await selectCohortByProject(db, filterParams(filters));
  return { periodo: filters.label, empreendimentos: accountInRows(rows, filters.accountInRows).map(withConversions) };
}
