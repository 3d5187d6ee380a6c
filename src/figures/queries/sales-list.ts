// Counted sales, newest first, one page at a time, with the total for the filters.
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface SaleRow {
  conta: string;
  cvcrm_id: number;
  cliente: string | null;
  cliente_email: string | null;
  cliente_documento: string | null;
  corretor: string | null;
  time_corretor: string | null;
  empreendimento: string | null;
  unidade: string | null;
  valor: number;
  data_venda: string;
  comissao_valor: number;
  pro_soluto: number | null;
  origem_lead: string | null;
}

export async function selectSales(
  db: Queryable,
  filter: FilterParams,
  page: { limit: number; offset: number },
): Promise<{ rows: SaleRow[]; total: number }> {
  const list = await db.query<SaleRow>(
    `select v.conta, v.cvcrm_id, v.cliente, v.cliente_email, v.cliente_documento, v.corretor, v.time_corretor,
       v.empreendimento, v.unidade, v.valor, v.data_venda, v.comissao_valor, v.pro_soluto, v.origem_lead
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}
     order by v.data_venda desc, v.cvcrm_id desc, v.conta
     limit $8::int offset $9::int`,
    [...filter, page.limit, page.offset],
  );
  const count = await db.query<{ total: number }>(
    `select count(*)::int as total from public.vw_vendas_ativas v where ${SALES_FILTER}`,
    filter,
  );
  return { rows: list.rows, total: count.rows[0]?.total ?? 0 };
}
