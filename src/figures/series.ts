// Monthly series: sales and VGV with the same months a year before, month-over-month and
// year-over-year growth, pró-soluto and distratos. Months are whole calendar months.
import type { Queryable } from '../db/database.ts';
import { addMonths, monthKey, monthStart } from './dates.ts';
import { selectDistratosByMonth } from './queries/distratos-by-month.ts';
import { selectSalesByMonth, type MonthSales } from './queries/sales-by-month.ts';
import { filterParams } from './queries/sales-filter.ts';
import type { FigureFilter } from './filter.ts';
import { monthEnd, seriesMonths } from './months.ts';
import { growth, percent, round2, sumOf } from './numbers.ts';

/** Counted sales per month from the month `from` to the month `to`, keyed by YYYY-MM. */
async function monthlySales(db: Queryable, filters: FigureFilter, from: string, to: string): Promise<Map<string, MonthSales>> {
  const rows = await selectSalesByMonth(db, filterParams({ ...filters, de: from, ate: monthEnd(to) }));
  return new Map(rows.map((r) => [r.mes, r]));
}

export async function monthlyFigures(db: Queryable, filters: FigureFilter, t: string) {
  const months = seriesMonths(filters, t);
  const byMonth = await monthlySales(db, filters, addMonths(months[0]!, -12), months[months.length - 1]!);
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

/** The reference month (that of `ate`, or this month) against the month and the year before. */
export async function growthFigures(db: Queryable, filters: FigureFilter, t: string) {
  const ref = monthStart(filters.ate ?? t);
  const byMonth = await monthlySales(db, filters, addMonths(ref, -12), ref);
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

export async function proSolutoFigures(db: Queryable, filters: FigureFilter, t: string) {
  const months = seriesMonths(filters, t);
  const byMonth = await monthlySales(db, filters, months[0]!, months[months.length - 1]!);
  const meses = months.map((m) => {
    const row = byMonth.get(monthKey(m));
    const vgv = row?.vgv ?? 0;
    const proSoluto = row?.pro_soluto ?? 0;
    return { mes: monthKey(m), vendas: row?.vendas ?? 0, vgv, pro_soluto: proSoluto, participacao_pct: percent(proSoluto, vgv) };
  });
  const vgv = sumOf(meses, (m) => m.vgv);
  const proSoluto = sumOf(meses, (m) => m.pro_soluto);
  return { periodo: filters.label, meses, total: { vgv: round2(vgv), pro_soluto: round2(proSoluto), participacao_pct: percent(proSoluto, vgv) } };
}

/** Distratos per month, each in the month it happened. */
export async function distratosFigures(db: Queryable, filters: FigureFilter, t: string) {
  const months = seriesMonths(filters, t);
  const rows = await selectDistratosByMonth(db, filterParams({ ...filters, de: months[0]!, ate: monthEnd(months[months.length - 1]!) }));
  const byMonth = new Map(rows.map((r) => [r.mes, r]));
  const meses = months.map((m) => {
    const row = byMonth.get(monthKey(m));
    return { mes: monthKey(m), distratos: row?.distratos ?? 0, valor: row?.valor ?? 0 };
  });
  return { periodo: filters.label, meses };
}
