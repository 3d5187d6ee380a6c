// VSO (vendas sobre oferta): net sales (signed sales minus distratos) over the offer (stock at
// the first day plus units launched during the range). Every VSO the product shows, per month,
// per project or on the summary card, is computed here from the same inputs.
import type { Queryable } from '../db/database.ts';
import { addMonths, monthKey } from './dates.ts';
import { selectVsoInputs, type DateRange, type VsoInputRow } from './queries/vso.ts';
import type { FigureFilter, ProjectScope } from './filter.ts';
import { seriesMonths } from './months.ts';
import { percent, sumOf } from './numbers.ts';

export type StockSource = 'snapshot' | 'reconstruido';

export interface VsoFigure {
  vendas: number;
  distratos: number;
  vendas_liquidas: number;
  estoque_inicio: number;
  lancadas: number;
  /** estoque_inicio + lancadas: the offer the net sales are divided by. */
  oferta: number;
  vso_pct: number | null;
  fonte_estoque: StockSource | null;
}

/** The VSO of a set of input rows (one range, any number of projects) taken together. */
export function vsoFigure(rows: readonly VsoInputRow[]): VsoFigure {
  const vendas = sumOf(rows, (r) => r.vendas);
  const distratos = sumOf(rows, (r) => r.distratos);
  const estoque = sumOf(rows, (r) => r.estoque_inicio);
  const lancadas = sumOf(rows, (r) => r.lancadas);
  const oferta = estoque + lancadas;
  return {
    vendas,
    distratos,
    vendas_liquidas: vendas - distratos,
    estoque_inicio: estoque,
    lancadas,
    oferta,
    vso_pct: percent(vendas - distratos, oferta),
    fonte_estoque: rows[0]?.fonte_estoque ?? null,
  };
}

/** Groups VSO input rows by the range they belong to (1-based `ord`). */
export function byRange(rows: readonly VsoInputRow[], ranges: number): VsoInputRow[][] {
  const groups: VsoInputRow[][] = Array.from({ length: ranges }, () => []);
  for (const row of rows) groups[row.ord - 1]?.push(row);
  return groups;
}

/** The VSO of each range, all projects of `scope` together, in the order of `ranges`. */
export async function vsoOfRanges(db: Queryable, scope: ProjectScope, ranges: readonly DateRange[]): Promise<VsoFigure[]> {
  const groups = byRange(await selectVsoInputs(db, scope.project, scope.contas, ranges), ranges.length);
  return groups.map(vsoFigure);
}

export type VsoProjectRow = { conta?: string; mes: string; empreendimento_id: number; empreendimento: string } & VsoFigure;

/** VSO per month of the series (all projects together) and per project and month. */
export async function vsoFigures(db: Queryable, filters: FigureFilter, t: string) {
  const months = seriesMonths(filters, t);
  const ranges = months.map((m) => ({ inicio: m, fim: addMonths(m, 1) }));
  const inputs = await selectVsoInputs(db, filters.project, filters.contas, ranges);
  const groups = byRange(inputs, ranges.length);
  const meses = months.map((m, i) => ({ mes: monthKey(m), ...vsoFigure(groups[i]!) }));
  const porEmpreendimento: VsoProjectRow[] = inputs.map((r) => ({
    ...(filters.accountInRows === true ? { conta: r.conta } : {}),
    mes: monthKey(r.inicio),
    empreendimento_id: r.empreendimento_id,
    empreendimento: r.empreendimento,
    ...vsoFigure([r]),
  }));
  return { periodo: filters.label, meses, por_empreendimento: porEmpreendimento };
}
