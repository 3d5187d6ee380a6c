// Counted sales per lead origin (vendas.origem_lead, from the reservation's mídia).
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface LeadSourceSales {
  conta: string;
  origem: string;
  vendas: number;
  vgv: number;
}

export async function selectSalesByLeadSource(db: Queryable, filter: FilterParams): Promise<LeadSourceSales[]> {
  const { rows } = await db.query<LeadSourceSales>(
    `select v.conta, coalesce(nullif(trim(v.origem_lead), ''), 'Não informado') as origem,
       count(*)::int as vendas,
       sum(v.valor)::numeric(18, 2) as vgv
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}
     group by 1, 2
     order by vendas desc, vgv desc, origem, v.conta`,
    filter,
  );
  return rows;
}
