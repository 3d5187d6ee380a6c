// GET /api/summary: the dashboard cards for a period and the previous period of equal length.
import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../context.ts';
import type { CsvColumn } from '../csv.ts';
import { addDays, daysInclusive } from '../dates.ts';
import { PROJECT_KEYS, readQuery, resolveFilters, type Filters } from '../params.ts';
import { selectDistratosByMonth } from '../queries/distratos-by-month.ts';
import { selectInventory } from '../queries/inventory.ts';
import { selectKpis, type Kpis } from '../queries/kpis.ts';
import { selectProSoluto } from '../queries/pro-soluto.ts';
import { filterParams, growth, percent, round2 } from '../queries/sales-filter.ts';
import { selectVsoInputs, type DateRange } from '../queries/vso.ts';
import { respond, today } from './respond.ts';
import { byRange, vsoFigure } from './vso-figures.ts';

interface Card {
  indicador: string;
  valor: number | null;
  anterior: number | null;
  variacao_pct?: number | null;
  variacao_pp?: number | null;
}

const pp = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : round2(a - b));

/** The cards for the period `asked` and the previous period of equal length. */
export async function summaryFigures(ctx: WebContext, asked: Filters, t: string) {
  // An open-ended period ends today (or on its first day, if later); one without a start has no
  // previous period to compare with.
  const ate = asked.ate ?? (asked.de === null ? null : asked.de > t ? asked.de : t);
  const current: Filters = { ...asked, ate };
  const length = current.de !== null && ate !== null ? daysInclusive(current.de, ate) : null;
  const previous: Filters | null = length === null || current.de === null
    ? null
    : { ...current, de: addDays(current.de, -length), ate: addDays(current.de, -1) };

  const [kNow, kBefore, psNow, psBefore, dNow, dBefore] = await Promise.all([
    selectKpis(ctx.db, filterParams(current)),
    previous ? selectKpis(ctx.db, filterParams(previous)) : Promise.resolve(null),
    selectProSoluto(ctx.db, filterParams(current)),
    previous ? selectProSoluto(ctx.db, filterParams(previous)) : Promise.resolve(null),
    selectDistratosByMonth(ctx.db, filterParams(current)),
    previous ? selectDistratosByMonth(ctx.db, filterParams(previous)) : Promise.resolve(null),
  ]);
  const distratos = (rows: { distratos: number; valor: number }[] | null) => rows === null ? null : {
    count: rows.reduce((a, r) => a + r.distratos, 0),
    valor: round2(rows.reduce((a, r) => a + r.valor, 0)),
  };
  const distratosNow = distratos(dNow)!;
  const distratosBefore = distratos(dBefore);

  const ranges: DateRange[] = [];
  if (previous !== null && current.de !== null && ate !== null) {
    ranges.push({ inicio: current.de, fim: addDays(ate, 1) }, { inicio: previous.de!, fim: current.de });
  }
  const stockEndsToday = ate === null || ate >= t;
  if (!stockEndsToday) ranges.push({ inicio: addDays(ate, 1), fim: addDays(ate, 2) });
  const vsoRows = byRange(await selectVsoInputs(ctx.db, current.project, ranges), ranges.length);
  const vsoNow = previous ? vsoFigure(vsoRows[0]!) : null;
  const vsoBefore = previous ? vsoFigure(vsoRows[1]!) : null;

  let stockEnd: number;
  let stockEndSource: string;
  if (stockEndsToday) {
    const inventory = await selectInventory(ctx.db, current.project);
    stockEnd = inventory.reduce((acc, r) => acc + r.disponivel, 0);
    stockEndSource = 'atual';
  } else {
    const end = vsoFigure(vsoRows[ranges.length - 1]!);
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
      variacao_pp: pp(vsoNow?.vso_pct ?? null, vsoBefore?.vso_pct ?? null),
      vendas_liquidas: vsoNow?.vendas_liquidas ?? null, oferta: vsoNow?.oferta ?? null,
      fonte_estoque: vsoNow?.fonte_estoque ?? null, anterior_fonte_estoque: vsoBefore?.fonte_estoque ?? null,
    },
    pro_soluto: {
      indicador: 'pro_soluto', valor: proNow, anterior: proBefore, variacao_pp: pp(proNow, proBefore),
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

export function registerSummaryRoute(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/summary', async (c) => {
    const query = readQuery(c.req.url, PROJECT_KEYS);
    const t = today(ctx);
    const body = await summaryFigures(ctx, resolveFilters(query, t), t);
    const cards = [body.vendas, body.vgv, body.ticket_medio, body.comissao, body.vso, body.pro_soluto, body.distratos, body.estoque_disponivel];
    const rows: Card[] = cards;
    const columns: CsvColumn<Card>[] = [
      { header: 'indicador', value: (r) => r.indicador },
      { header: 'valor', value: (r) => r.valor },
      { header: 'anterior', value: (r) => r.anterior },
      { header: 'variacao_pct', value: (r) => r.variacao_pct },
      { header: 'variacao_pp', value: (r) => r.variacao_pp },
    ];
    return respond(c, query, body, { name: 'resumo', rows, columns });
  });
}
