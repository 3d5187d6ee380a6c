// The projects to filter by: registered projects and any project named by units or sales.
import type { Queryable } from '../../db/database.ts';

export interface ProjectOption {
  id: number | null;
  nome: string;
}

export async function selectProjects(db: Queryable): Promise<ProjectOption[]> {
  const { rows } = await db.query<ProjectOption>(
    `select max(p.id) as id, p.nome
     from (
       select e.cvcrm_id as id, e.nome from public.empreendimentos e where e.nome is not null
       union all
       select u.empreendimento_id, u.empreendimento from public.unidades u where u.empreendimento is not null
       union all
       select v.empreendimento_id, v.empreendimento from public.vendas v where v.empreendimento is not null
     ) p
     group by p.nome
     order by p.nome
     limit 2000`,
  );
  return rows;
}
