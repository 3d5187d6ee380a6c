-- The business schema BI users query, with the original system's names.
--
-- vendas, unidades and empreendimentos are tables refreshed by the load, not views: each page
-- of reservas, comissoes or unidades refreshes the rows it touched, in the same transaction as
-- the page. A view would have to sum commissions and parse types over the whole mirror on
-- every dashboard query; with a million sales that is seconds, while indexed tables answer in
-- milliseconds and still never disagree with the mirror at a commit.

-- Lookup indexes on the mirror that the refreshes join on.
create index if not exists reservas_idreserva_idx on cvdw.reservas (idreserva);
create index if not exists comissoes_idreserva_idx on cvdw.comissoes (idreserva);
create index if not exists reservas_condicoes_idreserva_idx on cvdw.reservas_condicoes (idreserva);
create index if not exists unidades_idempreendimento_idx on cvdw.unidades (idempreendimento);
create index if not exists unidades_idunidade_idx on cvdw.unidades (idunidade);
create index if not exists distratos_idreserva_idx on cvdw.distratos (idreserva);
create index if not exists empreendimentos_idempreendimento_idx on cvdw.empreendimentos (idempreendimento);

-- One row per reservation that reached a sale (it has a data_venda), including those later
-- undone by a distrato or deactivated: the views decide what counts.
create table if not exists public.vendas (
  cvcrm_id bigint primary key,
  reserva_id bigint not null,
  empreendimento_id bigint,
  empreendimento text,
  unidade_id bigint,
  unidade text,
  bloco text,
  etapa text,
  corretor_id bigint,
  corretor text,
  imobiliaria text,
  time_corretor text,
  cliente text,
  cliente_email text,
  cliente_documento text,
  valor numeric(16, 2) not null default 0,
  valor_financiamento numeric(16, 2),
  valor_fgts numeric(16, 2),
  valor_subsidio numeric(16, 2),
  -- paid to the developer directly: valor - financiamento - FGTS - subsídio
  pro_soluto numeric(16, 2),
  data_venda date,
  data_registro timestamp,
  data_distrato date,
  ativo text,
  situacao text,
  comissao_valor numeric(16, 2) not null default 0,
  comissao_percentual numeric(9, 4) not null default 0,
  forma_pagamento text,
  origem_lead text,
  observacoes text,
  atualizado_em timestamptz not null default now()
);
create index if not exists vendas_data_venda_idx on public.vendas (data_venda);
create index if not exists vendas_ativo_idx on public.vendas (ativo);
create index if not exists vendas_corretor_idx on public.vendas (corretor, data_venda);
create index if not exists vendas_empreendimento_idx on public.vendas (empreendimento, data_venda);
create index if not exists vendas_empreendimento_id_idx on public.vendas (empreendimento_id, data_venda);
create index if not exists vendas_data_distrato_idx on public.vendas (data_distrato) where data_distrato is not null;
-- The dashboard's usual question: counted sales in a period.
create index if not exists vendas_contadas_idx on public.vendas (data_venda)
  include (valor, comissao_valor, empreendimento, corretor)
  where ativo = 'S' and valor > 0 and situacao is distinct from 'Distrato';

create table if not exists public.unidades (
  cvcrm_id bigint primary key,
  empreendimento_id bigint,
  empreendimento text,
  etapa text,
  numero text,
  bloco text,
  andar text,
  tipologia text,
  metragem numeric(12, 2),
  vagas_garagem int,
  valor numeric(16, 2),
  -- disponivel, reservada, vendida, bloqueada, em_reserva (situacao_mapa_disponibilidade 1..5)
  status text,
  situacao_codigo int,
  atualizado_em timestamptz not null default now()
);
create index if not exists unidades_empreendimento_idx on public.unidades (empreendimento_id, status);

create table if not exists public.empreendimentos (
  cvcrm_id bigint primary key,
  nome text,
  cidade text,
  estado text,
  status text,
  tipo text,
  total_unidades int not null default 0,
  unidades_vendidas int not null default 0,
  unidades_reservadas int not null default 0,
  unidades_disponiveis int not null default 0,
  unidades_bloqueadas int not null default 0,
  -- VGV do empreendimento: the table prices of its units
  vgv_tabela numeric(18, 2) not null default 0,
  atualizado_em timestamptz not null default now()
);
create index if not exists empreendimentos_nome_idx on public.empreendimentos (nome);

-- A sale counts when active, dated, with a value, and not undone by a distrato (the original
-- system counted distratos too, which overstated sales).
create or replace view public.vw_vendas_ativas as
select *
from public.vendas
where ativo = 'S'
  and data_venda is not null
  and valor > 0
  and situacao is distinct from 'Distrato';

create or replace view public.vw_kpis_vendas as
select
  count(*)::int as total_vendas,
  coalesce(sum(valor), 0)::numeric(18, 2) as valor_total,
  coalesce(round(avg(valor), 2), 0)::numeric(18, 2) as ticket_medio,
  coalesce(sum(comissao_valor), 0)::numeric(18, 2) as comissao_total,
  count(distinct corretor)::int as total_corretores,
  count(distinct empreendimento)::int as total_empreendimentos
from public.vw_vendas_ativas;

-- The current month in Brazil time, always one row (zeros before the first sale of the month).
create or replace view public.vw_vendas_mes_atual as
select
  m.mes,
  count(v.cvcrm_id)::int as vendas,
  coalesce(sum(v.valor), 0)::numeric(18, 2) as receita,
  coalesce(round(avg(v.valor), 2), 0)::numeric(18, 2) as ticket_medio
from (select date_trunc('month', now() at time zone 'America/Sao_Paulo')::date as mes) m
left join public.vw_vendas_ativas v
  on v.data_venda >= m.mes and v.data_venda < (m.mes + interval '1 month')::date
group by m.mes;
