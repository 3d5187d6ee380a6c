// The headline KPIs of counted sales and the list of sales, with clients masked unless the
// caller may see them in full.
import type { Queryable } from '../db/database.ts';
import { protectClient } from './pii.ts';
import { selectKpis, type Kpis } from './queries/kpis.ts';
import { filterParams } from './queries/sales-filter.ts';
import { selectSales } from './queries/sales-list.ts';
import type { FigureFilter } from './filter.ts';

export interface SalesPage {
  readonly limit: number;
  readonly offset: number;
}

export function kpisFigures(db: Queryable, filters: FigureFilter): Promise<Kpis> {
  return selectKpis(db, filterParams(filters));
}

/** The contract's sales answer, plus the full rows (masked the same way) for CSV. */
export async function salesFigures(db: Queryable, filters: FigureFilter, page: SalesPage, fullView: boolean) {
  const { rows, total } = await selectSales(db, filterParams(filters), page);
  const protectedRows = rows.map((row) => protectClient(row, fullView));
  const vendas = protectedRows.map((r) => ({
    ...(filters.accountInRows === true ? { conta: r.conta } : {}),
    cvcrm_id: r.cvcrm_id,
    cliente: r.cliente,
    corretor: r.corretor,
    empreendimento: r.empreendimento,
    valor: r.valor,
    data_venda: r.data_venda,
    comissao_valor: r.comissao_valor,
  }));
  return { body: { vendas, total, periodo: filters.label }, rows: protectedRows };
}
