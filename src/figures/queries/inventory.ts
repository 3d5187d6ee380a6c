// Units per project and state, as they are now (public.unidades). unidades.status is written by the
// refresh from public.unidade_status (migration 0015), the one home of the state codes.
import type { Queryable } from '../../db/database.ts';
import { accountFilter } from './sales-filter.ts';

export interface InventoryRow {
  conta: string;
  empreendimento_id: number | null;
  empreendimento: string;
  disponivel: number;
  reservada: number;
  em_reserva: number;
  vendida: number;
  bloqueada: number;
  outros: number;
  total: number;
  vgv_disponivel: number;
  vgv_tabela: number;
}

/** $1 project id, $2 project name (either may be null), $3 the accounts (null: all). */
export async function selectInventory(
  db: Queryable, project: { id: number | null; name: string | null }, contas: readonly string[] | null,
): Promise<InventoryRow[]> {
  const { rows } = await db.query<InventoryRow>(
    `select u.conta, u.empreendimento_id,
       coalesce(max(u.empreendimento), max(e.nome), 'Não informado') as empreendimento,
       count(*) filter (where u.status = 'disponivel')::int as disponivel,
       count(*) filter (where u.status = 'reservada')::int as reservada,
       count(*) filter (where u.status = 'em_reserva')::int as em_reserva,
       count(*) filter (where u.status = 'vendida')::int as vendida,
       count(*) filter (where u.status = 'bloqueada')::int as bloqueada,
       count(*) filter (where u.status is null or u.status not in ('disponivel', 'reservada', 'em_reserva', 'vendida', 'bloqueada'))::int as outros,
       count(*)::int as total,
       coalesce(sum(u.valor) filter (where u.status = 'disponivel'), 0)::numeric(18, 2) as vgv_disponivel,
       coalesce(sum(u.valor), 0)::numeric(18, 2) as vgv_tabela
     from public.unidades u
     left join public.empreendimentos e on e.conta = u.conta and e.cvcrm_id = u.empreendimento_id
     where ($1::bigint is null or u.empreendimento_id = $1::bigint)
       and ($2::text is null or coalesce(u.empreendimento, e.nome) = $2::text)
       and ${accountFilter('u', 3)}
     group by u.conta, u.empreendimento_id
     order by empreendimento, u.conta`,
    [project.id, project.name, contas],
  );
  return rows;
}
