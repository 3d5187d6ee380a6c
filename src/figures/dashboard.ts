// Every figure the page shows, for one period and project, in one answer. Built by the same
// functions as the individual API routes, so the page and the API never disagree.
import type { Queryable } from '../db/database.ts';
import { brokerFigures, byProjectFigures, leadSourceFigures, teamFigures } from './breakdowns.ts';
import type { FigureFilter } from './filter.ts';
import { funnelDashboardFigures } from './funnel-dashboard.ts';
import { inventoryFigures } from './inventory.ts';
import { salesFigures } from './sales.ts';
import { distratosFigures, growthFigures, monthlyFigures, proSolutoFigures } from './series.ts';
import { summaryFigures } from './summary.ts';
import { syncFigures } from './sync-state.ts';
import { vsoFigures } from './vso.ts';

export const DASHBOARD_BROKERS = 10;
export const DASHBOARD_RECENT_SALES = 15;

/**
 * `now` is the server's instant and `t` its date in São Paulo: the page takes "today" from the
 * answer, so an open page follows the server across midnight and new year.
 */
export async function dashboardFigures(db: Queryable, filters: FigureFilter, t: string, now: Date, fullView: boolean) {
  const [resumo, mensal, crescimento, empreendimentos, corretores, times, origens, estoque, vso, proSoluto, distratos, vendas, sincronizacao, funil] =
    await Promise.all([
      summaryFigures(db, filters, t),
      monthlyFigures(db, filters, t),
      growthFigures(db, filters, t),
      byProjectFigures(db, filters),
      brokerFigures(db, filters, DASHBOARD_BROKERS),
      teamFigures(db, filters),
      leadSourceFigures(db, filters),
      inventoryFigures(db, filters),
      vsoFigures(db, filters, t),
      proSolutoFigures(db, filters, t),
      distratosFigures(db, filters, t),
      salesFigures(db, filters, { limit: DASHBOARD_RECENT_SALES, offset: 0 }, fullView),
      syncFigures(db, filters),
      funnelDashboardFigures(db, filters, t),
    ]);
  return {
    hoje: t, agora: now.toISOString(),
    resumo, mensal, crescimento, empreendimentos, corretores, times, origens, estoque, vso,
    pro_soluto: proSoluto, distratos, vendas: vendas.body, sincronizacao, funil,
  };
}
