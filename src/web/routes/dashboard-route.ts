// GET /api/dashboard: every figure the page shows, for one period and project, in one answer.
// The page refreshes every 30 seconds; one request per refresh keeps it well inside the API
// rate limit, and the figures are built by the same functions as the individual routes. It also
// carries the server's date and time: the page takes "today" from here, so an open page follows
// the server across midnight and new year instead of the day it was loaded.
import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../context.ts';
import { todayInSaoPaulo } from '../dates.ts';
import { PERIOD_KEYS, readQuery, resolveFilters } from '../params.ts';
import { brokerFigures, byProjectFigures, leadSourceFigures, teamFigures } from './breakdown-routes.ts';
import { inventoryFigures, vsoFigures } from './inventory-routes.ts';
import { salesFigures } from './sales-routes.ts';
import { distratosFigures, growthFigures, monthlyFigures, proSolutoFigures } from './series-routes.ts';
import { summaryFigures } from './summary-route.ts';
import { syncFigures } from './sync-routes.ts';

export const DASHBOARD_BROKERS = 10;
export const DASHBOARD_RECENT_SALES = 15;

export function registerDashboardRoute(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/dashboard', async (c) => {
    const query = readQuery(c.req.url, [...PERIOD_KEYS, 'empreendimento']);
    const now = ctx.now();
    const t = todayInSaoPaulo(now);
    const filters = resolveFilters(query, t);
    const fullView = c.get('principal')?.pii === true;
    const [resumo, mensal, crescimento, empreendimentos, corretores, times, origens, estoque, vso, proSoluto, distratos, vendas, sincronizacao] =
      await Promise.all([
        summaryFigures(ctx, filters, t),
        monthlyFigures(ctx, filters, t),
        growthFigures(ctx, filters, t),
        byProjectFigures(ctx, filters),
        brokerFigures(ctx, filters, DASHBOARD_BROKERS),
        teamFigures(ctx, filters),
        leadSourceFigures(ctx, filters),
        inventoryFigures(ctx, filters.project),
        vsoFigures(ctx, filters, t),
        proSolutoFigures(ctx, filters, t),
        distratosFigures(ctx, filters, t),
        salesFigures(ctx, filters, { limit: DASHBOARD_RECENT_SALES, offset: 0 }, fullView),
        syncFigures(ctx),
      ]);
    return c.json({
      hoje: t, agora: now.toISOString(),
      resumo, mensal, crescimento, empreendimentos, corretores, times, origens, estoque, vso,
      pro_soluto: proSoluto, distratos, vendas: vendas.body, sincronizacao,
    });
  });
}
