// VSO (vendas sobre oferta) inputs per date range and project: signed sales (vw_vendas_assinadas)
// and distratos in the range, the stock at its first day and the units launched during it.
//
// Stock at the first day: available units (state 1) in etl.unit_snapshots when a snapshot was
// taken that day; otherwise reconstructed as the project's units minus its sales net of
// distratos before that day. Units launched: only known from snapshots — units in the range's
// last snapshot that were absent from its first-day snapshot (0 when reconstructed, since the
// reconstruction already counts every unit the project has today).
import type { Queryable } from '../../db/database.ts';
import { accountFilter } from './sales-filter.ts';

export interface VsoInputRow {
  ord: number;
  inicio: string;
  conta: string;
  empreendimento_id: number;
  empreendimento: string;
  vendas: number;
  distratos: number;
  estoque_inicio: number;
  lancadas: number;
  fonte_estoque: 'snapshot' | 'reconstruido';
}

export interface DateRange {
  /** First day, inclusive. */
  readonly inicio: string;
  /** Day after the last, exclusive. */
  readonly fim: string;
}

export async function selectVsoInputs(
  db: Queryable,
  project: { id: number | null; name: string | null },
  contas: readonly string[] | null,
  ranges: readonly DateRange[],
): Promise<VsoInputRow[]> {
  if (ranges.length === 0) return [];
  const { rows } = await db.query<VsoInputRow>(
    `with faixas as (
       select f.inicio, f.fim, f.ord::int as ord
       from unnest($3::date[], $4::date[]) with ordinality as f(inicio, fim, ord)
     ),
     projetos as (
       select p.conta, p.id, coalesce(max(p.nome), 'Não informado') as nome
       from (
         select u.conta, u.empreendimento_id as id, u.empreendimento as nome from public.unidades u where u.empreendimento_id is not null
         union all
         select e.conta, e.cvcrm_id, e.nome from public.empreendimentos e
       ) p
       where ${accountFilter('p', 5)}
       group by p.conta, p.id
     ),
     escolhidos as (
       select p.conta, p.id, p.nome from projetos p
       where ($1::bigint is null or p.id = $1::bigint) and ($2::text is null or p.nome = $2::text)
     ),
     contas as (select distinct e.conta from escolhidos e),
     dias as (
       select f.ord, f.inicio, c.conta,
         exists (select 1 from etl.unit_snapshots s where s.conta = c.conta and s.snapshot_date = f.inicio) as tem_foto,
         (select max(s.snapshot_date) from etl.unit_snapshots s
           where s.conta = c.conta and s.snapshot_date >= f.inicio and s.snapshot_date < f.fim) as ultima_foto
       from faixas f cross join contas c
     ),
     foto_inicio as (
       select d.ord, d.conta, s.idempreendimento as id, count(*) filter (where public.unidade_status(s.situacao) = 'disponivel') as disponiveis
       from dias d join etl.unit_snapshots s on s.conta = d.conta and s.snapshot_date = d.inicio
       where d.tem_foto
       group by d.ord, d.conta, s.idempreendimento
     ),
     lancadas as (
       select d.ord, d.conta, s.idempreendimento as id, count(*) as unidades
       from dias d join etl.unit_snapshots s on s.conta = d.conta and s.snapshot_date = d.ultima_foto
       where d.tem_foto and d.ultima_foto > d.inicio
         and not exists (select 1 from etl.unit_snapshots a where a.conta = d.conta and a.snapshot_date = d.inicio and a.idunidade = s.idunidade)
       group by d.ord, d.conta, s.idempreendimento
     ),
     unidades as (
       select u.conta, u.empreendimento_id as id, count(*) as total
       from public.unidades u
       where (u.conta, u.empreendimento_id) in (select conta, id from escolhidos)
       group by u.conta, u.empreendimento_id
     ),
     eventos as (
       select v.conta, v.empreendimento_id as id, v.data_venda as dia, 1 as venda, 0 as distrato
       from public.vw_vendas_assinadas v
       where (v.conta, v.empreendimento_id) in (select conta, id from escolhidos)
       union all
       select v.conta, v.empreendimento_id, v.data_distrato, 0, 1
       from public.vw_vendas_assinadas v
       where v.data_distrato is not null and (v.conta, v.empreendimento_id) in (select conta, id from escolhidos)
     ),
     por_dia as (
       select e.conta, e.id, e.dia, sum(e.venda) as vendas, sum(e.distrato) as distratos from eventos e group by e.conta, e.id, e.dia
     ),
     movimento as (
       select f.ord, d.conta, d.id,
         sum(d.vendas) filter (where d.dia < f.inicio) as vendas_antes,
         sum(d.distratos) filter (where d.dia < f.inicio) as distratos_antes,
         sum(d.vendas) filter (where d.dia >= f.inicio) as vendas,
         sum(d.distratos) filter (where d.dia >= f.inicio) as distratos
       from faixas f join por_dia d on d.dia < f.fim
       group by f.ord, d.conta, d.id
     )
     select f.ord, f.inicio, e.conta, e.id as empreendimento_id, e.nome as empreendimento,
       coalesce(m.vendas, 0)::int as vendas,
       coalesce(m.distratos, 0)::int as distratos,
       (case when d.tem_foto then coalesce(fi.disponiveis, 0)
             else greatest(coalesce(t.total, 0) - coalesce(m.vendas_antes, 0) + coalesce(m.distratos_antes, 0), 0)
        end)::int as estoque_inicio,
       (case when d.tem_foto then coalesce(l.unidades, 0) else 0 end)::int as lancadas,
       case when d.tem_foto then 'snapshot' else 'reconstruido' end as fonte_estoque
     from faixas f
     cross join escolhidos e
     join dias d on d.ord = f.ord and d.conta = e.conta
     left join foto_inicio fi on fi.ord = f.ord and fi.conta = e.conta and fi.id = e.id
     left join lancadas l on l.ord = f.ord and l.conta = e.conta and l.id = e.id
     left join unidades t on t.conta = e.conta and t.id = e.id
     left join movimento m on m.ord = f.ord and m.conta = e.conta and m.id = e.id
     order by f.ord, e.nome, e.id, e.conta`,
    [project.id, project.name, ranges.map((r) => r.inicio), ranges.map((r) => r.fim), contas],
  );
  return rows;
}
