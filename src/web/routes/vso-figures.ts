// Turns VSO inputs (per range and project) into figures: vendas líquidas, oferta, VSO %.
import type { VsoInputRow } from '../queries/vso.ts';
import { percent } from '../queries/sales-filter.ts';

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

export function vsoFigure(rows: readonly VsoInputRow[]): VsoFigure {
  const sum = (pick: (r: VsoInputRow) => number): number => rows.reduce((acc, r) => acc + pick(r), 0);
  const vendas = sum((r) => r.vendas);
  const distratos = sum((r) => r.distratos);
  const estoque = sum((r) => r.estoque_inicio);
  const lancadas = sum((r) => r.lancadas);
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
