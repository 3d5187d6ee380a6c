// Monthly series: sales and VGV with the same months a year before, month-over-month and
// year-over-year growth, pró-soluto and distratos. Months are whole calendar months.
import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf } from '../csv.ts';
import { addMonths, monthKey, monthStart } from '../dates.ts';
import { SALES_KEYS, readQuery, resolveFilters, type Filters } from '../params.ts';
import { selectDistratosByMonth } from '../queries/distratos-by-month.ts';
import { selectSalesByMonth, type MonthSales } from '../queries/sales-by-month.ts';
import { filterParams, growth, percent, round2 } from '../queries/sales-filter.ts';
import { monthEnd, respond, seriesMonths, today } from './respond.ts';

async function monthlySales(ctx: WebContext, filters: Filters, from: string, to: string): Promise<Map<string, MonthSales>> {
  const rows = await selectSalesByMonth(ctx.db, filterParams({ ...filters, de: from, ate: monthEnd(to) }));
  return new Map(rows.map((r) => [r.mes, r]));
}

export async function monthlyFigures(ctx: WebContext, filters: Filters, t: string) {
  const months = seriesMonths(filters, t);
  const byMonth = await monthlySales(ctx, filters, addMonths(months[0]!, -12), months[months.length - 1]!);
  const meses = months.map((m) => {
    const now = byMonth.get(monthKey(m));
    const before = byMonth.get(monthKey(addMonths(m, -12)));
    return {
      mes: monthKey(m),
      vendas: now?.vendas ?? 0,
      vgv: now?.vgv ?? 0,
      vendas_ano_anterior: before?.vendas ?? 0,
      vgv_ano_anterior: before?.vgv ?? 0,
      variacao_vendas_yoy_pct: growth(now?.vendas ?? 0, before?.vendas ?? 0),
      variacao_vgv_yoy_pct: growth(now?.vgv ?? 0, before?.vgv ?? 0),
    };
  });
  return { periodo: filters.label, meses };
}

export async function growthFigures(ctx: WebContext, filters: Filters, t: string) {
  const ref = monthStart(filters.ate ?? t);
  const byMonth = await monthlySales(ctx, filters, addMonths(ref, -12), ref);
  const figure = (month: string) => {
    const row = byMonth.get(monthKey(month));
    return { mes: monthKey(month), vendas: row?.vendas ?? 0, vgv: row?.vgv ?? 0 };
  };
  const atual = figure(ref);
  const mesAnterior = figure(addMonths(ref, -1));
  const anoAnterior = figure(addMonths(ref, -12));
  return {
    mes_referencia: atual.mes,
    parcial: ref === monthStart(t),
    atual,
    mes_anterior: mesAnterior,
    ano_anterior: anoAnterior,
    mom: { vendas_pct: growth(atual.vendas, mesAnterior.vendas), vgv_pct: growth(atual.vgv, mesAnterior.vgv) },
    yoy: { vendas_pct: growth(atual.vendas, anoAnterior.vendas), vgv_pct: growth(atual.vgv, anoAnterior.vgv) },
  };
}

export async function proSolutoFigures(ctx: WebContext, filters: Filters, t: string) {
  const months = seriesMonths(filters, t);
  const byMonth = await monthlySales(ctx, filters, months[0]!, months[months.length - 1]!);
  const meses = months.map((m) => {
    const row = byMonth.get(monthKey(m));
    const vgv = row?.vgv ?? 0;
    const proSoluto = row?.pro_soluto ?? 0;
    return { mes: monthKey(m), vendas: row?.vendas ?? 0, vgv, pro_soluto: proSoluto, participacao_pct: percent(proSoluto, vgv) };
  });
  const vgv = meses.reduce((a, m) => a + m.vgv, 0);
  const proSoluto = meses.reduce((a, m) => a + m.pro_soluto, 0);
  return { periodo: filters.label, meses, total: { vgv: round2(vgv), pro_soluto: round2(proSoluto), participacao_pct: percent(proSoluto, vgv) } };
}

export async function distratosFigures(ctx: WebContext, filters: Filters, t: string) {
  const months = seriesMonths(filters, t);
  const rows = await selectDistratosByMonth(
    ctx.db,
    filterParams({ ...filters, de: months[0]!, ate: monthEnd(months[months.length - 1]!) }),
  );
  const byMonth = new Map(rows.map((r) => [r.mes, r]));
  const meses = months.map((m) => {
    const row = byMonth.get(monthKey(m));
    return { mes: monthKey(m), distratos: row?.distratos ?? 0, valor: row?.valor ?? 0 };
  });
  return { periodo: filters.label, meses };
}

export function registerSeriesRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  const series = (path: string, name: string, build: (ctx: WebContext, f: Filters, t: string) => Promise<{ meses: object[] }>) => {
    app.get(path, async (c) => {
      const query = readQuery(c.req.url, SALES_KEYS);
      const t = today(ctx);
      const body = await build(ctx, resolveFilters(query, t), t);
      return respond(c, query, body, { name, rows: body.meses, columns: columnsOf(body.meses) });
    });
  };
  series('/api/sales/monthly', 'vendas-mensais', monthlyFigures);
  series('/api/pro-soluto', 'pro-soluto', proSolutoFigures);
  series('/api/distratos', 'distratos', distratosFigures);

  app.get('/api/sales/growth', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const t = today(ctx);
    const body = await growthFigures(ctx, resolveFilters(query, t), t);
    const rows = [
      { comparacao: 'atual', ...body.atual },
      { comparacao: 'mes_anterior', ...body.mes_anterior },
      { comparacao: 'ano_anterior', ...body.ano_anterior },
    ];
    return respond(c, query, body, { name: 'crescimento', rows, columns: columnsOf(rows) });
  });
}
