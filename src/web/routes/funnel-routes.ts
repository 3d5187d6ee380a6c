// The commercial funnel: the cohort of a period's leads, the period's flow of events, the
// cohort per origin, media, broker and project, and why leads were lost.
import type { Hono } from 'hono';
import { funnelFigures, funnelFlowFigures, type FlowRow, type StepRow } from '../../figures/funnel.ts';
import { funnelByBrokerFigures, funnelByMediaFigures, funnelByOriginFigures, funnelByProjectFigures } from '../../figures/funnel-breakdowns.ts';
import { lostReasonsFigures } from '../../figures/funnel-lost-reasons.ts';
import type { BrokerFunnelRow, MediaRow, OriginRow, ProjectFunnelRow } from '../../figures/queries/funnel-groups.ts';
import type { LostReasonRow } from '../../figures/queries/lost-reasons.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf, csvKeys } from '../csv.ts';
import { PAGING_KEYS, SALES_KEYS, readQuery, resolveFilters, resolvePaging } from '../params.ts';
import { accountsOf, respond, today } from './respond.ts';

interface Conversions {
  conversao_visita_pct: number | null;
  conversao_reserva_pct: number | null;
  conversao_venda_pct: number | null;
}

// The CSV columns, named even when the period has no leads (the header row stays).
const COUNTS = { leads: true, visitas: true, reservas: true, vendas: true, conversao_visita_pct: true, conversao_reserva_pct: true, conversao_venda_pct: true, dias_ate_venda_mediana: true, horas_primeiro_atendimento_mediana: true } as const;
const STEP_CSV = csvKeys<StepRow>({ etapa: true, quantidade: true, conversao_pct: true, conversao_etapa_anterior_pct: true });
const FLOW_CSV = csvKeys<FlowRow>({ etapa: true, quantidade: true });
const ORIGIN_CSV = csvKeys<OriginRow & Conversions>({ conta: true, origem: true, ...COUNTS });
const MEDIA_CSV = csvKeys<MediaRow & Conversions>({ conta: true, midia: true, ...COUNTS });
const BROKER_CSV = csvKeys<BrokerFunnelRow & Conversions>({ conta: true, idcorretor: true, corretor: true, imobiliaria: true, ...COUNTS });
const PROJECT_CSV = csvKeys<ProjectFunnelRow & Conversions>({ conta: true, idempreendimento: true, empreendimento: true, ...COUNTS });
const LOST_CSV = csvKeys<LostReasonRow & { participacao_pct: number | null }>({ motivo: true, leads: true, participacao_pct: true });

export function registerFunnelRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/funnel', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const t = today(ctx);
    const body = await funnelFigures(ctx.db, resolveFilters(query, t, accountsOf(c, ctx, query)), t);
    return respond(c, query, body, { name: 'funil', rows: body.etapas, columns: columnsOf(body.etapas, STEP_CSV) });
  });

  app.get('/api/funnel/flow', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await funnelFlowFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'funil-fluxo', rows: body.fluxo, columns: columnsOf(body.fluxo, FLOW_CSV) });
  });

  app.get('/api/funnel/by-origin', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await funnelByOriginFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'funil-por-origem', rows: body.origens, columns: columnsOf(body.origens, ORIGIN_CSV) });
  });

  app.get('/api/funnel/by-media', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await funnelByMediaFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'funil-por-midia', rows: body.midias, columns: columnsOf(body.midias, MEDIA_CSV) });
  });

  app.get('/api/funnel/by-broker', async (c) => {
    const query = readQuery(c.req.url, [...SALES_KEYS, ...PAGING_KEYS]);
    const body = await funnelByBrokerFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)), resolvePaging(query));
    return respond(c, query, body, { name: 'funil-por-corretor', rows: body.corretores, columns: columnsOf(body.corretores, BROKER_CSV) });
  });

  app.get('/api/funnel/by-project', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await funnelByProjectFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'funil-por-empreendimento', rows: body.empreendimentos, columns: columnsOf(body.empreendimentos, PROJECT_CSV) });
  });

  app.get('/api/leads/lost-reasons', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const body = await lostReasonsFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'motivos-de-perda', rows: body.motivos, columns: columnsOf(body.motivos, LOST_CSV) });
  });
}
