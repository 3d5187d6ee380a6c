// Sales of a period broken down by project, broker, team and lead origin.
import type { Hono } from 'hono';
import { brokerFigures, byProjectFigures, leadSourceFigures, teamFigures } from '../../figures/breakdowns.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf, csvKeys } from '../csv.ts';
import { SALES_KEYS, readQuery, resolveFilters } from '../params.ts';
import type { BrokerRow } from '../../figures/queries/broker-ranking.ts';
import type { LeadSourceSales } from '../../figures/queries/sales-by-lead-source.ts';
import type { ProjectSales } from '../../figures/queries/sales-by-project.ts';
import type { TeamSales } from '../../figures/queries/sales-by-team.ts';
import { accountsOf, respond, today } from './respond.ts';

export const DEFAULT_BROKERS = 50;

// The CSV columns, named even when a period has no sales (the header row stays).
const PROJECT_CSV = csvKeys<ProjectSales>({ conta: true, empreendimento_id: true, empreendimento: true, vendas: true, vgv: true, ticket_medio: true, comissao: true });
const BROKER_CSV = csvKeys<BrokerRow & { posicao: number }>({ conta: true, posicao: true, corretor: true, vendas: true, vgv: true, comissao: true });
const TEAM_CSV = csvKeys<TeamSales>({ conta: true, time: true, vendas: true, vgv: true, comissao: true });
const LEAD_SOURCE_CSV = csvKeys<LeadSourceSales & { participacao_pct: number | null }>({ conta: true, origem: true, vendas: true, vgv: true, participacao_pct: true });

export function registerBreakdownRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/sales/by-project', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await byProjectFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'vendas-por-empreendimento', rows: body.empreendimentos, columns: columnsOf(body.empreendimentos, PROJECT_CSV) });
  });

  app.get('/api/brokers', async (c) => {
    const query = readQuery(c.req.url, [...SALES_KEYS, 'limit']);
    const body = await brokerFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)), query.limit ?? DEFAULT_BROKERS);
    return respond(c, query, body, { name: 'ranking-corretores', rows: body.corretores, columns: columnsOf(body.corretores, BROKER_CSV) });
  });

  app.get('/api/teams', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await teamFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'vendas-por-time', rows: body.times, columns: columnsOf(body.times, TEAM_CSV) });
  });

  app.get('/api/lead-sources', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await leadSourceFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'origem-leads', rows: body.origens, columns: columnsOf(body.origens, LEAD_SOURCE_CSV) });
  });
}
