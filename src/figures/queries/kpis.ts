// The headline figures over counted sales: with no filter and one account, exactly
// public.vw_kpis_vendas. Brokers and projects are counted per account: the same name in two
// accounts is two brokers.
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface Kpis {
  total_vendas: number;
  valor_total: number;
  ticket_medio: number;
  comissao_total: number;
  total_corretores: number;
  total_empreendimentos: number;
}

export async function selectKpis(db: Queryable, filter: FilterParams): Promise<Kpis> {
  const { rows } = await db.query<Kpis>(
    `select
       count(*)::int as total_vendas,
       coalesce(sum(v.valor), 0)::numeric(18, 2) as valor_total,
       coalesce(public.ticket_medio(sum(v.valor), count(*)), 0)::numeric(18, 2) as ticket_medio,
       coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao_total,
       count(distinct v.conta || ':' || v.corretor)::int as total_corretores,
       count(distinct v.conta || ':' || v.empreendimento)::int as total_empreendimentos
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}`,
    filter,
  );
  return rows[0]!;
}
