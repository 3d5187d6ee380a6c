// Counted sales per project.
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface ProjectSales {
  conta: string;
  empreendimento_id: number | null;
  empreendimento: string;
  vendas: number;
  vgv: number;
  ticket_medio: number;
  comissao: number;
}

export async function selectSalesByProject(db: Queryable, filter: FilterParams): Promise<ProjectSales[]> {
  const { rows } = await db.query<ProjectSales>(
    `select v.conta, max(v.empreendimento_id) as empreendimento_id,
       coalesce(v.empreendimento, 'Não informado') as empreendimento,
       count(*)::int as vendas,
       sum(v.valor)::numeric(18, 2) as vgv,
       public.ticket_medio(sum(v.valor), count(*))::numeric(18, 2) as ticket_medio,
       sum(v.comissao_valor)::numeric(18, 2) as comissao
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}
     group by v.conta, 3
     order by vgv desc, empreendimento, v.conta`,
    filter,
  );
  return rows;
}
