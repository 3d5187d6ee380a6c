// Counted sales per broker team (vendas.time_corretor, from nome_time).
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface TeamSales {
  conta: string;
  time: string;
  vendas: number;
  vgv: number;
  comissao: number;
}

export async function selectSalesByTeam(db: Queryable, filter: FilterParams): Promise<TeamSales[]> {
  const { rows } = await db.query<TeamSales>(
    `select v.conta, coalesce(nullif(trim(v.time_corretor), ''), 'Sem time') as "time",
       count(*)::int as vendas,
       sum(v.valor)::numeric(18, 2) as vgv,
       sum(v.comissao_valor)::numeric(18, 2) as comissao
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}
     group by 1, 2
     order by vgv desc, "time", v.conta`,
    filter,
  );
  return rows;
}
