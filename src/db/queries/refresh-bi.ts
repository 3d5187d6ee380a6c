// Re-derives the bi star schema's facts and dimensions for the keys a page touched, in the
// page's transaction (see src/sync/business-refresh.ts). Each function is a few set-based
// statements over the whole key list, never one per row. A fact row is always recomputed from
// the mirror as it stands, so the result does not depend on the order pages arrive in.
import type { Queryable } from '../database.ts';

export { refreshFatoLeads, refreshLeadProjectNames } from './refresh-bi-leads.ts';

async function ids(db: Queryable, sql: string, params: unknown[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(sql, params);
  return rows.map((r) => r.id);
}

/**
 * Replaces the lead↔reservation pairs of these reservations with what their idlead lists say
 * now. Returns the leads linked before or after: a reservation that dropped a lead changes it.
 */
export async function refreshPonteLeadReserva(db: Queryable, conta: string, idreservas: readonly number[]): Promise<number[]> {
  if (idreservas.length === 0) return [];
  const before = await ids(db,
    `delete from bi.ponte_lead_reserva where conta = $2 and idreserva = any($1::bigint[]) returning idlead as id`, [idreservas, conta]);
  const after = await ids(db,
    `insert into bi.ponte_lead_reserva (conta, idlead, idreserva)
     select distinct $2, trim(t.item)::bigint, r.idreserva
     from (
       select distinct on (x.idreserva) x.idreserva, x.idlead
       from cvdw.reservas x
       where x.conta = $2 and x.idreserva = any($1::bigint[]) and x.deleted_at is null
       order by x.idreserva, x.referencia_data desc nulls last, x.referencia desc
     ) r
     cross join lateral unnest(string_to_array(r.idlead, ',')) as t(item)
     where trim(t.item) ~ '^[0-9]{1,18}$'
     on conflict (conta, idlead, idreserva) do nothing
     returning idlead as id`,
    [idreservas, conta]);
  return [...new Set([...before, ...after])];
}

/** Recomputes the reservations' facts (sale, distrato, commission, leads) from the mirror. */
export async function refreshFatoReservas(db: Queryable, conta: string, idreservas: readonly number[]): Promise<void> {
  if (idreservas.length === 0) return;
  await db.query(
    `insert into bi.fato_reservas (
       conta, idreserva, data_cad, data_reserva, data_venda, data_distrato, ativo, situacao, eh_venda, eh_distrato,
       idempreendimento, empreendimento, idunidade, idcorretor, corretor, midia, forma_pagamento,
       valor_contrato, pro_soluto, comissao_valor, leads, atualizado_em)
     select
       r.conta, r.idreserva, r.data_cad, r.data_cad::date, r.data_venda::date, v.data_distrato, r.ativo, r.situacao,
       a.ativa is not null,
       coalesce(r.situacao = 'Distrato', false),
       r.idempreendimento, r.empreendimento, r.idunidade, r.idcorretor, r.corretor,
       coalesce(nullif(trim(r.midia), ''), 'Não informado'), r.tipovenda, r.valor_contrato,
       public.pro_soluto(r.valor_contrato, r.valor_financiamento, r.valor_fgts, r.valor_subsidio),
       coalesce((
         select sum(k.valor_comissao) from cvdw.comissoes k
         where k.conta = r.conta and k.idreserva = r.idreserva and k.ativo = 'S' and k.deleted_at is null
       ), 0),
       (select count(*)::int from bi.ponte_lead_reserva b join bi.fato_leads f on f.conta = b.conta and f.idlead = b.idlead
        where b.conta = r.conta and b.idreserva = r.idreserva),
       now()
     from (
       select distinct on (x.idreserva) x.*
       from cvdw.reservas x
       where x.conta = $2 and x.idreserva = any($1::bigint[]) and x.deleted_at is null
       order by x.idreserva, x.referencia_data desc nulls last, x.referencia desc
     ) r
     -- A lateral lookup with a limit is a key probe per reservation: a join could read every sale.
     left join lateral (
       select v.data_distrato from public.vendas v where v.conta = r.conta and v.cvcrm_id = r.idreserva limit 1
     ) v on true
     left join lateral (
       select true as ativa from public.vw_vendas_ativas a where a.conta = r.conta and a.cvcrm_id = r.idreserva limit 1
     ) a on true
     on conflict (conta, idreserva) do update set
       data_cad = excluded.data_cad, data_reserva = excluded.data_reserva, data_venda = excluded.data_venda,
       data_distrato = excluded.data_distrato, ativo = excluded.ativo, situacao = excluded.situacao,
       eh_venda = excluded.eh_venda, eh_distrato = excluded.eh_distrato, idempreendimento = excluded.idempreendimento,
       empreendimento = excluded.empreendimento, idunidade = excluded.idunidade, idcorretor = excluded.idcorretor,
       corretor = excluded.corretor, midia = excluded.midia, forma_pagamento = excluded.forma_pagamento,
       valor_contrato = excluded.valor_contrato, pro_soluto = excluded.pro_soluto,
       comissao_valor = excluded.comissao_valor, leads = excluded.leads, atualizado_em = now()`,
    [idreservas, conta],
  );
  await db.query(
    `delete from bi.fato_reservas f
     where f.conta = $2 and f.idreserva = any($1::bigint[])
       and not exists (select 1 from cvdw.reservas x where x.conta = f.conta and x.idreserva = f.idreserva and x.deleted_at is null)`,
    [idreservas, conta],
  );
}

/**
 * Recomputes these visits (by idtarefa). Returns the leads they belonged to before or belong
 * to now, whose funnel row changes with them.
 */
export async function refreshFatoVisitas(db: Queryable, conta: string, idtarefas: readonly number[]): Promise<number[]> {
  if (idtarefas.length === 0) return [];
  const before = await ids(db,
    `select distinct idlead as id from bi.fato_visitas where conta = $2 and idtarefa = any($1::bigint[]) and idlead is not null`, [idtarefas, conta]);
  await db.query(
    `delete from bi.fato_visitas f
     where f.conta = $2 and f.idtarefa = any($1::bigint[])
       and not exists (
         select 1 from cvdw.leads_visitas x
         where x.conta = f.conta and x.idtarefa = f.idtarefa and x.deleted_at is null and x.ativo is distinct from 'N'
       )`,
    [idtarefas, conta],
  );
  const after = await ids(db,
    `insert into bi.fato_visitas (
       conta, idtarefa, idlead, data_cad, data_agendada, data_conclusao, data_visita, realizada, situacao,
       tipo_visita, visita_virtual, idempreendimento, empreendimento, idresponsavel, responsavel, ativo, atualizado_em)
     select v.conta, v.idtarefa, v.idlead, v.data_cad, v.data, v.data_conclusao, coalesce(v.data_conclusao, v.data)::date,
       v.data_conclusao is not null, v.situacao, v.nome_tipo_visita, v.visita_virtual, v.idempreendimento,
       v.nome_empreendimento, v.idresponsavel, v.responsavel, v.ativo, now()
     from (
       select distinct on (x.idtarefa) x.*
       from cvdw.leads_visitas x
       where x.conta = $2 and x.idtarefa = any($1::bigint[]) and x.deleted_at is null and x.ativo is distinct from 'N'
       order by x.idtarefa, x.referencia_data desc nulls last, x.referencia desc
     ) v
     on conflict (conta, idtarefa) do update set
       idlead = excluded.idlead, data_cad = excluded.data_cad, data_agendada = excluded.data_agendada,
       data_conclusao = excluded.data_conclusao, data_visita = excluded.data_visita, realizada = excluded.realizada,
       situacao = excluded.situacao, tipo_visita = excluded.tipo_visita, visita_virtual = excluded.visita_virtual,
       idempreendimento = excluded.idempreendimento, empreendimento = excluded.empreendimento,
       idresponsavel = excluded.idresponsavel, responsavel = excluded.responsavel, ativo = excluded.ativo,
       atualizado_em = now()
     returning idlead as id`,
    [idtarefas, conta]);
  // A visit no longer counted still moves its lead's row (its mirror row keeps the idlead).
  const mirrored = await ids(db,
    `select distinct idlead as id from cvdw.leads_visitas where conta = $2 and idtarefa = any($1::bigint[]) and idlead is not null`, [idtarefas, conta]);
  return [...new Set([...before, ...after, ...mirrored].filter((id) => id !== null))];
}

/**
 * Recomputes these commissions (by referencia). Returns the reservations they belonged to
 * before or belong to now, whose commission total changes with them.
 */
export async function refreshFatoComissoes(db: Queryable, conta: string, referencias: readonly string[]): Promise<number[]> {
  if (referencias.length === 0) return [];
  const before = await ids(db, `delete from bi.fato_comissoes where conta = $2 and referencia = any($1::text[]) returning idreserva as id`, [referencias, conta]);
  const after = await ids(db,
    `insert into bi.fato_comissoes (
       conta, referencia, idcomissao, idreserva, data_cad, data_comissao, data_pagamento, ativo, situacao, corretor,
       imobiliaria, empreendimento, valor_contrato, porcentagem_comissao, valor_comissao, valor_pagamento, atualizado_em)
     select k.conta, k.referencia, k.idcomissao, k.idreserva, k.data_cad, k.data_cad::date, k.data_pagamento::date, k.ativo,
       k.situacao, k.corretor, k.imobiliaria, k.empreendimento, k.valor_contrato, k.porcentagem_comissao,
       k.valor_comissao, k.valor_pagamento, now()
     from cvdw.comissoes k
     where k.conta = $2 and k.referencia = any($1::text[]) and k.deleted_at is null
     returning idreserva as id`,
    [referencias, conta]);
  return [...new Set([...before, ...after].filter((id) => id !== null))];
}

/**
 * Recomputes these brokers from their latest lead or reservation (name, agency) and their
 * latest reservation that names a team: a lead, which carries no team, never erases one.
 */
export async function refreshDimCorretor(db: Queryable, conta: string, idcorretores: readonly number[]): Promise<void> {
  if (idcorretores.length === 0) return;
  await db.query(
    `insert into bi.dim_corretor (conta, idcorretor, corretor, idimobiliaria, imobiliaria, idtime, time, atualizado_em)
     select $2, k.id, latest.corretor, latest.idimobiliaria, latest.imobiliaria, team.idtime, team.nome_time, now()
     from (select distinct unnest($1::bigint[]) as id) k
     cross join lateral (
       select x.corretor, x.idimobiliaria, x.imobiliaria
       from (
         (select l.corretor, l.idimobiliaria, l.imobiliaria, l.referencia_data, 2 as fonte, l.referencia
          from cvdw.leads l where l.conta = $2 and l.idcorretor = k.id and l.deleted_at is null
          order by l.referencia_data desc nulls last, l.referencia desc limit 1)
         union all
         (select r.corretor, r.idimobiliaria, r.imobiliaria, r.referencia_data, 1 as fonte, r.referencia
          from cvdw.reservas r where r.conta = $2 and r.idcorretor = k.id and r.deleted_at is null
          order by r.referencia_data desc nulls last, r.referencia desc limit 1)
       ) x
       order by x.referencia_data desc nulls last, x.fonte, x.referencia desc
       limit 1
     ) latest
     left join lateral (
       select r.idtime, r.nome_time
       from cvdw.reservas r
       where r.conta = $2 and r.idcorretor = k.id and r.deleted_at is null and (r.idtime is not null or nullif(trim(r.nome_time), '') is not null)
       order by r.referencia_data desc nulls last, r.referencia desc
       limit 1
     ) team on true
     on conflict (conta, idcorretor) do update set
       corretor = excluded.corretor, idimobiliaria = excluded.idimobiliaria, imobiliaria = excluded.imobiliaria,
       idtime = excluded.idtime, time = excluded.time, atualizado_em = now()`,
    [idcorretores, conta],
  );
  await db.query(
    `delete from bi.dim_corretor d
     where d.conta = $2 and d.idcorretor = any($1::bigint[])
       and not exists (select 1 from cvdw.leads l where l.conta = d.conta and l.idcorretor = d.idcorretor and l.deleted_at is null)
       and not exists (select 1 from cvdw.reservas r where r.conta = d.conta and r.idcorretor = d.idcorretor and r.deleted_at is null)`,
    [idcorretores, conta],
  );
}
