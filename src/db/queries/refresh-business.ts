// Refreshes the business tables (public.vendas, unidades, empreendimentos) for the keys a page
// touched. Runs inside the page's transaction so the business tables never disagree with the
// mirror at a commit. What a unit state or a pró-soluto is comes from the SQL definitions
// (public.unidade_status, public.unidade_reservada, public.pro_soluto in migration 0015).
import type { ResourceSpec } from '../../cvdw/catalog/index.ts';
import type { Queryable } from '../database.ts';
import { quoteIdent } from '../ddl/mirror-ddl.ts';

/**
 * The columns the refresh looks rows up by, per resource whose pages feed the business tables.
 * A first load fills tables that were never analyzed; until autovacuum gets to them the planner
 * takes them for nearly empty and scans them whole for every page (the cost of a page then grows
 * with the table). Sampling only these columns keeps a statistics refresh to milliseconds. Every
 * lookup also filters on the account, so its distribution is sampled too.
 */
const REFRESH_LOOKUPS: Readonly<Record<string, readonly string[]>> = {
  reservas: [
    'cvdw.reservas (conta, referencia, idreserva, idcorretor, deleted_at, data_venda)', 'cvdw.comissoes (conta, idreserva, ativo, deleted_at)', 'public.vendas (conta, cvcrm_id)',
    'bi.ponte_lead_reserva (conta, idreserva, idlead)', 'bi.fato_reservas (conta, idreserva)', 'bi.fato_leads (conta, idlead)', 'bi.dim_corretor (conta, idcorretor)',
    'cvdw.leads (conta, idlead, idcorretor, deleted_at, ativo)',
  ],
  comissoes: [
    'cvdw.comissoes (conta, referencia, idreserva, ativo, deleted_at)', 'cvdw.reservas (conta, idreserva, deleted_at, data_venda)', 'public.vendas (conta, cvcrm_id)',
    'bi.fato_comissoes (conta, referencia)', 'bi.fato_reservas (conta, idreserva)',
  ],
  unidades: [
    'cvdw.unidades (conta, referencia, idunidade, idempreendimento, deleted_at)', 'public.unidades (conta, cvcrm_id)', 'public.empreendimentos (conta, cvcrm_id)',
    'bi.fato_leads (conta, idempreendimento)',
  ],
  leads: [
    'cvdw.leads (conta, referencia, idlead, idcorretor, deleted_at, ativo)', 'bi.fato_leads (conta, idlead, idcorretor)', 'bi.ponte_lead_reserva (conta, idlead, idreserva)',
    'cvdw.leads_visitas (conta, idlead)', 'cvdw.leads_perdas (conta, idlead)', 'cvdw.leads_ganhos (conta, idlead)', 'bi.dim_corretor (conta, idcorretor)',
  ],
  'leads/visitas': ['cvdw.leads_visitas (conta, referencia, idtarefa, idlead, deleted_at, ativo)', 'bi.fato_visitas (conta, idtarefa)', 'cvdw.leads (conta, idlead)', 'bi.fato_leads (conta, idlead)'],
  'leads/perdas': ['cvdw.leads_perdas (conta, referencia, idlead, deleted_at)', 'cvdw.leads (conta, idlead)', 'bi.fato_leads (conta, idlead)'],
  'leads/ganhos': ['cvdw.leads_ganhos (conta, referencia, idlead, deleted_at)', 'cvdw.leads (conta, idlead)', 'bi.fato_leads (conta, idlead)'],
};

/** Refreshes the planner statistics the business refresh of `resource` depends on. */
export async function refreshLookupStatistics(db: Queryable, resource: string): Promise<void> {
  for (const target of REFRESH_LOOKUPS[resource] ?? []) await db.query(`analyze ${target}`);
}

/**
 * A numeric column of one account's mirror rows (e.g. the idreserva of deleted reservations):
 * the same referencia can exist in another account and name another record there.
 */
export async function columnOfAccountRows(
  db: Queryable, conta: string, spec: ResourceSpec, column: string, referencias: readonly string[],
): Promise<number[]> {
  return (await columnsOfAccountRows(db, conta, spec, [column], referencias)).get(column) ?? [];
}

/**
 * Numeric columns of one account's mirror rows, each column's distinct values, in one read. The
 * keys drive the read (one primary-key probe each), whatever the planner thinks of the table.
 */
export async function columnsOfAccountRows(
  db: Queryable, conta: string, spec: ResourceSpec, columns: readonly string[], referencias: readonly string[],
): Promise<Map<string, number[]>> {
  const values = new Map(columns.map((c) => [c, new Set<number>()]));
  if (referencias.length === 0 || columns.length === 0) return new Map(columns.map((c) => [c, []]));
  const { rows } = await db.query<Record<string, number | null>>(
    `select ${columns.map((c, i) => `m.${quoteIdent(c)} as c${i}`).join(', ')}
     from unnest($1::text[]) as k(referencia)
     join cvdw.${quoteIdent(spec.table)} m on m.conta = $2::text and m.referencia = k.referencia`,
    [referencias, conta],
  );
  for (const row of rows) {
    columns.forEach((c, i) => {
      const value = row[`c${i}`];
      if (value !== null && value !== undefined) values.get(c)!.add(value);
    });
  }
  return new Map([...values].map(([c, set]) => [c, [...set]]));
}

/** Re-derives the sales of these reservations from cvdw.reservas and cvdw.comissoes. */
export async function refreshVendas(db: Queryable, conta: string, idreservas: readonly number[]): Promise<void> {
  if (idreservas.length === 0) return;
  await db.query(
    `insert into public.vendas (
       conta, cvcrm_id, reserva_id, empreendimento_id, empreendimento, unidade_id, unidade, bloco, etapa,
       corretor_id, corretor, imobiliaria, time_corretor, cliente, cliente_email, cliente_documento,
       valor, valor_financiamento, valor_fgts, valor_subsidio, pro_soluto,
       data_venda, data_registro, data_distrato, ativo, situacao,
       comissao_valor, comissao_percentual, forma_pagamento, origem_lead, observacoes, atualizado_em)
     select distinct on (r.idreserva)
       r.conta, r.idreserva, r.idreserva, r.idempreendimento, r.empreendimento, r.idunidade, r.unidade, r.bloco, r.etapa,
       r.idcorretor, r.corretor, r.imobiliaria, r.nome_time, r.cliente, r.email, r.documento_cliente,
       coalesce(r.valor_contrato, 0), r.valor_financiamento, r.valor_fgts, r.valor_subsidio,
       public.pro_soluto(r.valor_contrato, r.valor_financiamento, r.valor_fgts, r.valor_subsidio),
       r.data_venda::date, r.data_cad,
       case when r.situacao = 'Distrato' then coalesce(r.data_cancelamento, r.data_ultima_alteracao_situacao)::date end,
       r.ativo, r.situacao,
       coalesce(c.valor, 0), coalesce(c.percentual, 0), r.tipovenda, r.midia, r.motivo_cancelamento, now()
     from cvdw.reservas r
     left join lateral (
       select sum(k.valor_comissao) as valor, sum(k.porcentagem_comissao) as percentual
       from cvdw.comissoes k
       where k.conta = r.conta and k.idreserva = r.idreserva and k.ativo = 'S' and k.deleted_at is null
     ) c on true
     where r.conta = $2 and r.idreserva = any($1::bigint[]) and r.deleted_at is null and r.data_venda is not null
     order by r.idreserva, r.referencia_data desc nulls last
     on conflict (conta, cvcrm_id) do update set
       reserva_id = excluded.reserva_id, empreendimento_id = excluded.empreendimento_id,
       empreendimento = excluded.empreendimento, unidade_id = excluded.unidade_id, unidade = excluded.unidade,
       bloco = excluded.bloco, etapa = excluded.etapa, corretor_id = excluded.corretor_id,
       corretor = excluded.corretor, imobiliaria = excluded.imobiliaria, time_corretor = excluded.time_corretor,
       cliente = excluded.cliente, cliente_email = excluded.cliente_email, cliente_documento = excluded.cliente_documento,
       valor = excluded.valor, valor_financiamento = excluded.valor_financiamento, valor_fgts = excluded.valor_fgts,
       valor_subsidio = excluded.valor_subsidio, pro_soluto = excluded.pro_soluto, data_venda = excluded.data_venda,
       data_registro = excluded.data_registro, data_distrato = excluded.data_distrato, ativo = excluded.ativo,
       situacao = excluded.situacao, comissao_valor = excluded.comissao_valor,
       comissao_percentual = excluded.comissao_percentual, forma_pagamento = excluded.forma_pagamento,
       origem_lead = excluded.origem_lead, observacoes = excluded.observacoes, atualizado_em = now()`,
    [idreservas, conta],
  );
  // Reservations deleted upstream, or no longer sold, leave the sales table.
  await db.query(
    `delete from public.vendas v
     where v.conta = $2 and v.cvcrm_id = any($1::bigint[])
       and not exists (
         select 1 from cvdw.reservas r
         where r.conta = v.conta and r.idreserva = v.cvcrm_id and r.deleted_at is null and r.data_venda is not null
       )`,
    [idreservas, conta],
  );
}

/** Re-derives units from cvdw.unidades rows with these keys (referencia). */
export async function refreshUnidades(db: Queryable, conta: string, referencias: readonly string[]): Promise<number[]> {
  if (referencias.length === 0) return [];
  await db.query(
    `insert into public.unidades (
       conta, cvcrm_id, empreendimento_id, empreendimento, etapa, numero, bloco, andar, tipologia, metragem,
       vagas_garagem, valor, status, situacao_codigo, atualizado_em)
     select distinct on (u.idunidade)
       u.conta, u.idunidade, u.idempreendimento, u.nome_empreendimento, u.etapa, u.nome, u.bloco, u.andar, u.tipologia,
       u.area_privativa, nullif(substring(u.vagas_garagem from '[0-9]{1,4}'), '')::int, u.valor,
       public.unidade_status(u.situacao_mapa_disponibilidade),
       u.situacao_mapa_disponibilidade, now()
     from cvdw.unidades u
     where u.conta = $2 and u.referencia = any($1::text[]) and u.deleted_at is null and u.idunidade is not null
     order by u.idunidade, u.referencia_data desc nulls last
     on conflict (conta, cvcrm_id) do update set
       empreendimento_id = excluded.empreendimento_id, empreendimento = excluded.empreendimento,
       etapa = excluded.etapa, numero = excluded.numero, bloco = excluded.bloco, andar = excluded.andar,
       tipologia = excluded.tipologia, metragem = excluded.metragem, vagas_garagem = excluded.vagas_garagem,
       valor = excluded.valor, status = excluded.status, situacao_codigo = excluded.situacao_codigo,
       atualizado_em = now()`,
    [referencias, conta],
  );
  await db.query(
    `delete from public.unidades p
     using cvdw.unidades u
     where u.conta = $2 and u.referencia = any($1::text[]) and u.deleted_at is not null
       and p.conta = u.conta and p.cvcrm_id = u.idunidade`,
    [referencias, conta],
  );
  const { rows } = await db.query<{ id: number }>(
    `select distinct idempreendimento as id from cvdw.unidades
     where conta = $2 and referencia = any($1::text[]) and idempreendimento is not null`,
    [referencias, conta],
  );
  return rows.map((r) => r.id);
}

async function projectNames(db: Queryable, conta: string, ids: readonly number[]): Promise<Map<number, string | null>> {
  const { rows } = await db.query<{ id: number; nome: string | null }>(
    `select cvcrm_id as id, nome from public.empreendimentos where conta = $2 and cvcrm_id = any($1::bigint[])`, [ids, conta]);
  return new Map(rows.map((r) => [Number(r.id), r.nome]));
}

/**
 * Re-derives projects (and their unit counts) from cvdw.empreendimentos and cvdw.unidades.
 * Returns the projects whose name changed, appeared or disappeared: only their leads' funnel
 * rows carry a name to fix, so a page of units that moved only counts touches no lead.
 */
export async function refreshEmpreendimentos(db: Queryable, conta: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const before = await projectNames(db, conta, ids);
  await db.query(
    `insert into public.empreendimentos (
       conta, cvcrm_id, nome, cidade, estado, status, tipo, total_unidades, unidades_vendidas,
       unidades_reservadas, unidades_disponiveis, unidades_bloqueadas, vgv_tabela, atualizado_em)
     select $2, k.id, coalesce(e.nome, u.nome), e.cidade, e.estado,
       e.situacao_comercial -> 0 ->> 'nome', e.tipo_empreendimento -> 0 ->> 'nome',
       coalesce(u.total, 0), coalesce(u.vendidas, 0), coalesce(u.reservadas, 0),
       coalesce(u.disponiveis, 0), coalesce(u.bloqueadas, 0), coalesce(u.vgv, 0), now()
     from unnest($1::bigint[]) as k(id)
     left join lateral (
       select * from cvdw.empreendimentos x
       where x.conta = $2 and x.idempreendimento = k.id and x.deleted_at is null
       order by x.referencia_data desc nulls last limit 1
     ) e on true
     left join lateral (
       select max(p.nome_empreendimento) as nome, count(*) as total,
         count(*) filter (where public.unidade_status(p.situacao_mapa_disponibilidade) = 'vendida') as vendidas,
         count(*) filter (where public.unidade_reservada(p.situacao_mapa_disponibilidade)) as reservadas,
         count(*) filter (where public.unidade_status(p.situacao_mapa_disponibilidade) = 'disponivel') as disponiveis,
         count(*) filter (where public.unidade_status(p.situacao_mapa_disponibilidade) = 'bloqueada') as bloqueadas,
         sum(p.valor) as vgv
       from cvdw.unidades p
       where p.conta = $2 and p.idempreendimento = k.id and p.deleted_at is null
     ) u on true
     where e.idempreendimento is not null or u.total > 0
     on conflict (conta, cvcrm_id) do update set
       nome = excluded.nome, cidade = excluded.cidade, estado = excluded.estado, status = excluded.status,
       tipo = excluded.tipo, total_unidades = excluded.total_unidades,
       unidades_vendidas = excluded.unidades_vendidas, unidades_reservadas = excluded.unidades_reservadas,
       unidades_disponiveis = excluded.unidades_disponiveis, unidades_bloqueadas = excluded.unidades_bloqueadas,
       vgv_tabela = excluded.vgv_tabela, atualizado_em = now()`,
    [ids, conta],
  );
  await db.query(
    `delete from public.empreendimentos p
     where p.conta = $2 and p.cvcrm_id = any($1::bigint[])
       and not exists (select 1 from cvdw.empreendimentos x where x.conta = p.conta and x.idempreendimento = p.cvcrm_id and x.deleted_at is null)
       and not exists (select 1 from cvdw.unidades u where u.conta = p.conta and u.idempreendimento = p.cvcrm_id and u.deleted_at is null)`,
    [ids, conta],
  );
  const after = await projectNames(db, conta, ids);
  return ids.filter((id) => before.has(id) !== after.has(id) || before.get(id) !== after.get(id));
}

/** Today's unit states of one account (Brazil date), kept for the stock at the start of past months (VSO). */
export async function snapshotUnitStates(db: Queryable, conta: string): Promise<number> {
  const result = await db.query(
    `insert into etl.unit_snapshots (conta, snapshot_date, idunidade, idempreendimento, situacao)
     select u.conta, (now() at time zone 'America/Sao_Paulo')::date, u.cvcrm_id, u.empreendimento_id, u.situacao_codigo
     from public.unidades u
     where u.conta = $1
     on conflict (conta, snapshot_date, idunidade) do update
       set idempreendimento = excluded.idempreendimento, situacao = excluded.situacao`,
    [conta],
  );
  return result.rowCount;
}
