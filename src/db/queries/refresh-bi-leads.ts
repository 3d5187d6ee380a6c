// Re-derives bi.fato_leads for a set of leads, from the mirror and the facts it leans on
// (bi.ponte_lead_reserva, bi.fato_reservas, public.vw_vendas_ativas). Every page that can change
// a lead's funnel ends here with the leads it touched, so the row never depends on which page
// arrived first. The rules are the comments of the columns in migration 0017.
import type { Queryable } from '../database.ts';

/** Recomputes the funnel row of each of these leads; a lead that no longer counts leaves. */
export async function refreshFatoLeads(db: Queryable, conta: string, idleads: readonly number[]): Promise<void> {
  if (idleads.length === 0) return;
  await db.query(
    `insert into bi.fato_leads (
       conta, idlead, data_cad, data_lead, ativo, situacao, origem, midia, idempreendimento, empreendimento,
       idcorretor, corretor, imobiliaria, data_primeira_interacao_corretor, horas_primeiro_atendimento,
       tem_visita, data_primeira_visita, visitas, tem_reserva, data_primeira_reserva, reservas,
       tem_venda, data_primeira_venda, dias_ate_venda, vendas, valor_vendas,
       perdido, data_perda, motivo_perda, reativado, data_reativacao, atualizado_em)
     select
       l.conta, l.idlead, l.data_cad, l.data_cad::date, l.ativo, l.situacao,
       coalesce(nullif(trim(l.origem), ''), 'Não informado'),
       coalesce(nullif(trim(l.midia_original), ''), 'Não informado'),
       p.idempreendimento,
       coalesce(e.nome, nullif(trim(l.empreendimento_ultimo), ''), nullif(trim(l.empreendimento_primeiro), ''), nullif(trim(l.empreendimento), '')),
       l.idcorretor, l.corretor, l.imobiliaria, l.data_primeira_interacao_corretor,
       case when l.data_primeira_interacao_corretor >= l.data_cad
         then round(extract(epoch from (l.data_primeira_interacao_corretor - l.data_cad)) / 3600, 2) end,
       v.n > 0, v.primeira, v.n,
       r.n > 0, r.primeira, r.n,
       s.n > 0, s.primeira, s.primeira - l.data_cad::date, s.n, s.valor,
       pd.ultima is not null, pd.ultima,
       case when pd.ultima is not null
         then coalesce(nullif(trim(l.motivo_cancelamento), ''), nullif(trim(l.motivo), ''), 'Não informado') end,
       g.ultima is not null, g.ultima, now()
     from (
       select distinct on (x.idlead) x.*
       from cvdw.leads x
       where x.conta = $2 and x.idlead = any($1::bigint[]) and x.deleted_at is null and x.ativo is distinct from 'N'
       order by x.idlead, x.referencia_data desc nulls last, x.referencia desc
     ) l
     cross join lateral (
       select coalesce(l.idempreendimento_ultimo, l.idempreendimento_primeiro,
                       substring(l.idempreendimento from '[0-9]{1,18}')::bigint) as idempreendimento
     ) p
     left join public.empreendimentos e on e.conta = l.conta and e.cvcrm_id = p.idempreendimento
     cross join lateral (
       select count(distinct t.idtarefa)::int as n, min(t.data_conclusao) as primeira
       from cvdw.leads_visitas t
       where t.conta = l.conta and t.idlead = l.idlead and t.deleted_at is null and t.ativo is distinct from 'N' and t.data_conclusao is not null
     ) v
     cross join lateral (
       select count(*)::int as n, min(f.data_cad) as primeira
       from bi.ponte_lead_reserva b
       join bi.fato_reservas f on f.conta = b.conta and f.idreserva = b.idreserva
       where b.conta = l.conta and b.idlead = l.idlead and f.ativo = 'S'
     ) r
     cross join lateral (
       select count(*)::int as n, min(k.data_venda) as primeira, coalesce(sum(k.valor), 0) as valor
       from bi.ponte_lead_reserva b
       join public.vw_vendas_ativas k on k.conta = b.conta and k.cvcrm_id = b.idreserva
       where b.conta = l.conta and b.idlead = l.idlead
     ) s
     cross join lateral (
       select max(x.data_perda) as ultima from cvdw.leads_perdas x
       where x.conta = l.conta and x.idlead = l.idlead and x.deleted_at is null and x.ativo is distinct from 'N'
     ) pd
     cross join lateral (
       select max(x.data_ganho) as ultima from cvdw.leads_ganhos x
       where x.conta = l.conta and x.idlead = l.idlead and x.deleted_at is null and x.ativo is distinct from 'N'
     ) g
     on conflict (conta, idlead) do update set
       data_cad = excluded.data_cad, data_lead = excluded.data_lead, ativo = excluded.ativo, situacao = excluded.situacao,
       origem = excluded.origem, midia = excluded.midia, idempreendimento = excluded.idempreendimento,
       empreendimento = excluded.empreendimento, idcorretor = excluded.idcorretor, corretor = excluded.corretor,
       imobiliaria = excluded.imobiliaria, data_primeira_interacao_corretor = excluded.data_primeira_interacao_corretor,
       horas_primeiro_atendimento = excluded.horas_primeiro_atendimento, tem_visita = excluded.tem_visita,
       data_primeira_visita = excluded.data_primeira_visita, visitas = excluded.visitas,
       tem_reserva = excluded.tem_reserva, data_primeira_reserva = excluded.data_primeira_reserva,
       reservas = excluded.reservas, tem_venda = excluded.tem_venda, data_primeira_venda = excluded.data_primeira_venda,
       dias_ate_venda = excluded.dias_ate_venda, vendas = excluded.vendas, valor_vendas = excluded.valor_vendas,
       perdido = excluded.perdido, data_perda = excluded.data_perda, motivo_perda = excluded.motivo_perda,
       reativado = excluded.reativado, data_reativacao = excluded.data_reativacao, atualizado_em = now()`,
    [idleads, conta],
  );
  // Deleted upstream or made inactive: the lead stops counting.
  await db.query(
    `delete from bi.fato_leads f
     where f.conta = $2 and f.idlead = any($1::bigint[])
       and not exists (
         select 1 from cvdw.leads x
         where x.conta = f.conta and x.idlead = f.idlead and x.deleted_at is null and x.ativo is distinct from 'N'
       )`,
    [idleads, conta],
  );
  // 'Não informado' is in every account's dimension, as migration 0017 seeded it for the first.
  await db.query(
    `insert into bi.dim_origem (conta, origem)
     select f.conta, f.origem from bi.fato_leads f where f.conta = $2 and f.idlead = any($1::bigint[])
     union select $2, 'Não informado'
     on conflict (conta, origem) do nothing`,
    [idleads, conta],
  );
  // A reservation counts the leads behind it that exist: these may have appeared or gone. Driven
  // by the keys (an index probe each): a join the planner sizes on tables it has not analyzed yet
  // can take minutes for one page.
  await db.query(
    `update bi.fato_reservas r
     set leads = c.n, atualizado_em = now()
     from (
       select k.idreserva, (
         select count(*)::int
         from bi.ponte_lead_reserva b
         join bi.fato_leads f on f.conta = b.conta and f.idlead = b.idlead
         where b.conta = $2 and b.idreserva = k.idreserva
       ) as n
       from (
         select distinct x.idreserva
         from unnest($1::bigint[]) as l(idlead)
         join bi.ponte_lead_reserva x on x.conta = $2 and x.idlead = l.idlead
       ) k
     ) c
     where r.conta = $2 and r.idreserva = c.idreserva and r.leads is distinct from c.n`,
    [idleads, conta],
  );
}

/**
 * After these projects changed name, appeared or disappeared (refreshEmpreendimentos tells which):
 * their leads whose project name no longer matches get their row recomputed. A page whose projects
 * kept their names passes none, and reads no lead.
 */
export async function refreshLeadProjectNames(db: Queryable, conta: string, idempreendimentos: readonly number[]): Promise<void> {
  if (idempreendimentos.length === 0) return;
  const { rows } = await db.query<{ idlead: number }>(
    `select f.idlead
     from bi.fato_leads f
     left join public.empreendimentos e on e.conta = f.conta and e.cvcrm_id = f.idempreendimento
     where f.conta = $2 and f.idempreendimento = any($1::bigint[])
       and (e.cvcrm_id is null or f.empreendimento is distinct from coalesce(e.nome, f.empreendimento))`,
    [idempreendimentos, conta],
  );
  await refreshFatoLeads(db, conta, rows.map((r) => r.idlead));
}
