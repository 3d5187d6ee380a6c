// GET /api/dashboard: every figure the page shows, for one period and project, in one answer.
// The page refreshes every 30 seconds; one request per refresh keeps it well inside the API
// rate limit.
import type { Hono } from 'hono';
import { dashboardFigures } from '../../figures/dashboard.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { todayInSaoPaulo } from '../../figures/dates.ts';
import { PERIOD_KEYS, readQuery, resolveFilters } from '../params.ts';
import { accountsOf } from './respond.ts';

export function registerDashboardRoute(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/dashboard', async (c) => {
    const query = readQuery(c.req.url, [...PERIOD_KEYS, 'empreendimento']);
    const now = ctx.now();
    const t = todayInSaoPaulo(now);
    const fullView = c.get('principal')?.pii === true;
    return c.json(await dashboardFigures(ctx.db, resolveFilters(query, t, accountsOf(c, ctx, query)), t, now, fullView));
  });
}
