// The projects to filter by: registered projects and any project named by units or sales.
import type { Queryable } from '../../db/database.ts';
import { accountFilter } from './sales-filter.ts';

export interface ProjectOption {
  conta: string;
  id: number | null;
  nome: string;
}

/** The projects of the accounts `contas` (null: all), one row per account and name. */
export async function selectProjects(db: Queryable, contas: readonly string[] | null): Promise<ProjectOption[]> {
  const { rows } = await db.query<ProjectOption>(
    `select p.conta, max(p.id) as id, p.nome
     from (
       select e.conta, e.cvcrm_id as id, e.nome from public.empreendimentos e where e.nome is not null
       union all
       select u.conta, u.empreendimento_id, u.empreendimento from public.unidades u where u.empreendimento is not null
       union all
       select v.conta, v.empreendimento_id, v.empreendimento from public.vendas v where v.empreendimento is not null
     ) p
     where ${accountFilter('p', 1)}
     group by p.conta, p.nome
     order by p.nome, p.conta
     limit 2000`,
    [contas],
  );
  return rows;
}
