// Brokers ranked by VGV. Sales and VGV belong to the broker of the sale; commission goes to
// whoever receives it: one sale may pay several brokers (the active rows of cvdw.comissoes), and a
// sale with no commission rows in the mirror keeps its own comissao_valor with its broker.
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface BrokerRow {
  conta: string;
  corretor: string;
  vendas: number;
  vgv: number;
  comissao: number;
}

export async function selectBrokerRanking(db: Queryable, filter: FilterParams, limit: number): Promise<BrokerRow[]> {
  const { rows } = await db.query<BrokerRow>(
    `with periodo as (
       select v.conta, v.cvcrm_id, coalesce(v.corretor, 'Não informado') as corretor, v.valor, v.comissao_valor
       from public.vw_vendas_ativas v
       where ${SALES_FILTER}
     ),
     vendidas as (
       select p.conta, p.corretor, count(*)::int as vendas, sum(p.valor) as vgv from periodo p group by p.conta, p.corretor
     ),
     comissoes as (
       select p.conta, coalesce(k.corretor, 'Não informado') as corretor, k.valor_comissao as valor
       from periodo p
       join cvdw.comissoes k on k.conta = p.conta and k.idreserva = p.cvcrm_id and k.ativo = 'S' and k.deleted_at is null
       union all
       select p.conta, p.corretor, p.comissao_valor
       from periodo p
       where not exists (
         select 1 from cvdw.comissoes k where k.conta = p.conta and k.idreserva = p.cvcrm_id and k.ativo = 'S' and k.deleted_at is null
       )
     ),
     recebidas as (
       select c.conta, c.corretor, sum(c.valor) as comissao from comissoes c group by c.conta, c.corretor
     )
     select coalesce(a.conta, b.conta) as conta, coalesce(a.corretor, b.corretor) as corretor,
       coalesce(a.vendas, 0)::int as vendas,
       coalesce(a.vgv, 0)::numeric(18, 2) as vgv,
       coalesce(b.comissao, 0)::numeric(18, 2) as comissao
     from vendidas a
     full join recebidas b on b.conta = a.conta and b.corretor = a.corretor
     order by vgv desc, comissao desc, corretor, conta
     limit $8::int`,
    [...filter, limit],
  );
  return rows;
}
