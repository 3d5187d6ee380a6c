// Sales of a period broken down by project, broker, team and lead origin.
import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf } from '../csv.ts';
import { SALES_KEYS, readQuery, resolveFilters } from '../params.ts';
import { selectBrokerRanking } from '../queries/broker-ranking.ts';
import { selectSalesByLeadSource } from '../queries/sales-by-lead-source.ts';
import { selectSalesByProject } from '../queries/sales-by-project.ts';
import { selectSalesByTeam } from '../queries/sales-by-team.ts';
import { filterParams, percent } from '../queries/sales-filter.ts';
import { respond, today } from './respond.ts';

export function registerBreakdownRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/sales/by-project', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const filters = resolveFilters(query, today(ctx));
    const rows = await selectSalesByProject(ctx.db, filterParams(filters));
    return respond(c, query, { periodo: filters.label, empreendimentos: rows }, { name: 'vendas-por-empreendimento', rows, columns: columnsOf(rows) });
  });

  app.get('/api/brokers', async (c) => {
    const query = readQuery(c.req.url, [...SALES_KEYS, 'limit']);
    const filters = resolveFilters(query, today(ctx));
    const rows = await selectBrokerRanking(ctx.db, filterParams(filters), query.limit ?? 50);
    const corretores = rows.map((r, i) => ({ posicao: i + 1, ...r }));
    return respond(c, query, { periodo: filters.label, corretores }, { name: 'ranking-corretores', rows: corretores, columns: columnsOf(corretores) });
  });

  app.get('/api/teams', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const filters = resolveFilters(query, today(ctx));
    const rows = await selectSalesByTeam(ctx.db, filterParams(filters));
    return respond(c, query, { periodo: filters.label, times: rows }, { name: 'vendas-por-time', rows, columns: columnsOf(rows) });
  });

  app.get('/api/lead-sources', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const filters = resolveFilters(query, today(ctx));
    const rows = await selectSalesByLeadSource(ctx.db, filterParams(filters));
    const total = rows.reduce((a, r) => a + r.vendas, 0);
    const origens = rows.map((r) => ({ ...r, participacao_pct: percent(r.vendas, total) }));
    return respond(c, query, { periodo: filters.label, origens }, { name: 'origem-leads', rows: origens, columns: columnsOf(origens) });
  });
}
