// The dashboard cards for a period, each beside the previous period of equal length.
import type { Queryable } from '../db/database.ts';
import { addDays, daysInclusive } from './dates.ts';
import { selectDistratosByMonth, type MonthDistratos } from './queries/distratos-by-month.ts';
import { selectKpis, type Kpis } from './queries/kpis.ts';
import { selectProSoluto } from './queries/pro-soluto.ts';
import { filterParams } from './queries/sales-filter.ts';
import type { DateRange } from './queries/vso.ts';
import type { FigureFilter } from './filter.ts';
import { availableUnitsNow } from './inventory.ts';
import { growth, percent, pointsDiff, round2, sumOf } from './numbers.ts';
import { vsoOfRanges } from './vso.ts';

export interface Card {
  indicador: string;
  valor: number | null;
  anterior: number | null;
  variacao_pct?: number | null;
  variacao_pp?: number | null;
}

interface Periods {
  current: FigureFilter;
  /** Last day of the current period; null when the period has no start. */
  ate: string | null;
  previous: FigureFilter | null;
}

/**
 * The period the cards cover and the one before it. An open-ended period ends today (or on its
 * first day, if later); one without a start has no previous period to compare with.
 */
export function comparedPeriods(asked: FigureFilter, t: string): Periods {
  const ate = asked.ate ?? (asked.de === null ? null : asked.de > t ? asked.de : t);
  const current: FigureFilter = { ...asked, ate };
  const length = current.de !== null && ate !== null ? daysInclusive(current.de, ate) : null;
  const previous: FigureFilter | null = length === null || current.de === null
    ? null
    : { ...current, de: addDays(current.de, -length), ate: addDays(current.de, -1) };
  return { current, ate, previous };
}

function distratosTotal(rows: readonly MonthDistratos[]) {
  return { count: sumOf(rows, (r) => r.distratos), valor: round2(sumOf(rows, (r) => r.valor)) };
}

/** The cards for the period `asked` and the previous period of equal length. */
export async function summaryFigures(db: Queryable, asked: FigureFilter, t: string) {
  const { current, ate, previous } = comparedPeriods(asked, t);
  const [kNow, kBefore, psNow, psBefore, dNow, dBefore] = await Promise.all([
    selectKpis(db, filterParams(current)),
    previous ? selectKpis(db, filterParams(previous)) : Promise.resolve(null),
    selectProSoluto(db, filterParams(current)),
    previous ? selectProSoluto(db, filterParams(previous)) : Promise.resolve(null),
    selectDistratosByMonth(db, filterParams(current)),
    previous ? selectDistratosByMonth(db, filterParams(previous)) : Promise.resolve(null),
  ]);
  const distratosNow = distratosTotal(dNow);
  const distratosBefore = dBefore === null ? null : distratosTotal(dBefore);

  // VSO of both periods; and, for a period that ended before today, the stock the day after it.
  const ranges: DateRange[] = [];
  if (previous !== null && current.de !== null && ate !== null) {
    ranges.push({ inicio: current.de, fim: addDays(ate, 1) }, { inicio: previous.de!, fim: current.de });
  }
  const stockEndsToday = ate === null || ate >= t;
  if (!stockEndsToday) ranges.push({ inicio: addDays(ate, 1), fim: addDays(ate, 2) });
  const vso = await vsoOfRanges(db, current, ranges);
  const vsoNow = previous ? vso[0]! : null;
  const vsoBefore = previous ? vso[1]! : null;

  let stockEnd: number;
  let stockEndSource: string;
  if (stockEndsToday) {
    stockEnd = await availableUnitsNow(db, current);
    stockEndSource = 'atual';
  } else {
    const end = vso[ranges.length - 1]!;
    stockEnd = end.estoque_inicio;
    stockEndSource = end.fonte_estoque ?? 'reconstruido';
  }
  const stockStart = vsoNow?.estoque_inicio ?? null;

  const money = (name: string, pick: (k: Kpis) => number): Card => {
    const now = pick(kNow);
    const before = kBefore ? pick(kBefore) : null;
    return { indicador: name, valor: now, anterior: before, variacao_pct: growth(now, before) };
  };
  const proNow = percent(psNow.pro_soluto, psNow.vgv);
  const proBefore = psBefore ? percent(psBefore.pro_soluto, psBefore.vgv) : null;
  const cards = {
    vendas: money('vendas', (k) => k.total_vendas),
    vgv: money('vgv', (k) => k.valor_total),
    ticket_medio: money('ticket_medio', (k) => k.ticket_medio),
    comissao: money('comissao', (k) => k.comissao_total),
    vso: {
      indicador: 'vso', valor: vsoNow?.vso_pct ?? null, anterior: vsoBefore?.vso_pct ?? null,
      variacao_pp: pointsDiff(vsoNow?.vso_pct ?? null, vsoBefore?.vso_pct ?? null),
      vendas_liquidas: vsoNow?.vendas_liquidas ?? null, oferta: vsoNow?.oferta ?? null,
      fonte_estoque: vsoNow?.fonte_estoque ?? null, anterior_fonte_estoque: vsoBefore?.fonte_estoque ?? null,
    },
    pro_soluto: {
      indicador: 'pro_soluto', valor: proNow, anterior: proBefore, variacao_pp: pointsDiff(proNow, proBefore),
      valor_reais: psNow.pro_soluto, anterior_reais: psBefore?.pro_soluto ?? null,
    },
    distratos: {
      indicador: 'distratos', valor: distratosNow.count, anterior: distratosBefore?.count ?? null,
      variacao_pct: growth(distratosNow.count, distratosBefore?.count ?? null),
      valor_reais: distratosNow.valor, anterior_reais: distratosBefore?.valor ?? null,
    },
    estoque_disponivel: {
      indicador: 'estoque_disponivel', valor: stockEnd, anterior: stockStart,
      variacao_pct: growth(stockEnd, stockStart), fonte: stockEndSource, anterior_fonte: vsoNow?.fonte_estoque ?? null,
    },
  };
  return {
    periodo: { de: current.de, ate, descricao: asked.label },
    anterior: previous ? { de: previous.de, ate: previous.ate } : null,
    ...cards,
  };
}

/** The cards in the order the CSV lists them. */
export function summaryCards(body: Awaited<ReturnType<typeof summaryFigures>>): Card[] {
  return [body.vendas, body.vgv, body.ticket_medio, body.comissao, body.vso, body.pro_soluto, body.distratos, body.estoque_disponivel];
}
