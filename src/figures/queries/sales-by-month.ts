// Counted sales per calendar month of data_venda (months without sales are absent).
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface MonthSales {
  mes: string;
  vendas: number;
  vgv: number;
  comissao: number;
  pro_soluto: number;
}

export async function selectSalesByMonth(db: Queryable, filter: FilterParams): Promise<MonthSales[]> {
  const { rows } = await db.query<MonthSales>(
    `select to_char(v.data_venda::timestamp, 'YYYY-MM') as mes,
       count(*)::int as vendas,
       coalesce(sum(v.valor), 0)::numeric(18, 2) as vgv,
       coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao,
       coalesce(sum(v.pro_soluto), 0)::numeric(18, 2) as pro_soluto
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}
     group by 1
     order by 1`,
    filter,
  );
  return rows;
}
