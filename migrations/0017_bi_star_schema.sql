-- Schema bi: a star schema for Power BI and Metabase, with the commercial funnel
-- (leads -> visita -> reserva -> venda) beside the sales.
--
-- The facts are tables refreshed by the load, like public.vendas: each page of a resource that
-- feeds them refreshes the rows whose keys the page touched, in the page's transaction, so bi
-- never disagrees with the mirror at a commit. The dimensions that are only a projection of a
-- business table are views over it.
--
-- Keys BI tools relate on: dim_calendario.data to every fact's date columns (data_*), and the
-- id columns (idempreendimento, idunidade, idcorretor, origem, idlead, idreserva) to the
-- dimension or fact of the same name.

create schema if not exists bi;

-- One row per day. Filled once for a fixed range wide enough for any CV CRM history.
create table if not exists bi.dim_calendario (
  data date primary key,
  ano int not null,
  trimestre int not null,
  mes int not null,
  nome_mes text not null,
  ano_mes text not null,
  dia_semana int not null,
  nome_dia_semana text not null,
  dia_util boolean not null
);

-- Brokers seen in reservations and leads, with the agency and team of their latest record.
create table if not exists bi.dim_corretor (
  idcorretor bigint primary key,
  corretor text,
  idimobiliaria bigint,
  imobiliaria text,
  idtime bigint,
  time text,
  atualizado_em timestamptz not null default now()
);

-- Lead origins (channels) seen in leads, plus 'Não informado' for a lead without one.
create table if not exists bi.dim_origem (
  origem text primary key,
  atualizado_em timestamptz not null default now()
);

-- Which leads reached which reservation: reservas.idlead is a comma-separated list, parsed
-- once here. Ids with no lead behind them stay in the bridge; the facts join to existing leads.
create table if not exists bi.ponte_lead_reserva (
  idlead bigint not null,
  idreserva bigint not null,
  primary key (idlead, idreserva)
);
create index if not exists ponte_lead_reserva_idreserva_idx on bi.ponte_lead_reserva (idreserva);

-- One row per lead, with the dates and flags of each funnel step.
create table if not exists bi.fato_leads (
  idlead bigint primary key,
  data_cad timestamp,
  data_lead date,
  ativo text,
  situacao text,
  origem text not null,
  midia text not null,
  idempreendimento bigint,
  empreendimento text,
  idcorretor bigint,
  corretor text,
  imobiliaria text,
  data_primeira_interacao_corretor timestamp,
  horas_primeiro_atendimento numeric(12, 2),
  tem_visita boolean not null default false,
  data_primeira_visita timestamp,
  visitas int not null default 0,
  tem_reserva boolean not null default false,
  data_primeira_reserva timestamp,
  reservas int not null default 0,
  tem_venda boolean not null default false,
  data_primeira_venda date,
  dias_ate_venda int,
  vendas int not null default 0,
  valor_vendas numeric(16, 2) not null default 0,
  perdido boolean not null default false,
  data_perda timestamp,
  motivo_perda text,
  reativado boolean not null default false,
  data_reativacao timestamp,
  atualizado_em timestamptz not null default now()
);
create index if not exists fato_leads_data_lead_idx on bi.fato_leads (data_lead);
create index if not exists fato_leads_data_perda_idx on bi.fato_leads (data_perda) where data_perda is not null;

-- One row per visit (cvdw.leads_visitas).
create table if not exists bi.fato_visitas (
  idtarefa bigint primary key,
  idlead bigint,
  data_cad timestamp,
  data_agendada timestamp,
  data_conclusao timestamp,
  data_visita date,
  realizada boolean not null,
  situacao text,
  tipo_visita text,
  visita_virtual text,
  idempreendimento bigint,
  empreendimento text,
  idresponsavel bigint,
  responsavel text,
  ativo text,
  atualizado_em timestamptz not null default now()
);
create index if not exists fato_visitas_idlead_idx on bi.fato_visitas (idlead);
create index if not exists fato_visitas_data_visita_idx on bi.fato_visitas (data_visita);

-- One row per reservation (cvdw.reservas), with eh_venda and eh_distrato.
create table if not exists bi.fato_reservas (
  idreserva bigint primary key,
  data_cad timestamp,
  data_reserva date,
  data_venda date,
  data_distrato date,
  ativo text,
  situacao text,
  eh_venda boolean not null,
  eh_distrato boolean not null,
  idempreendimento bigint,
  empreendimento text,
  idunidade bigint,
  idcorretor bigint,
  corretor text,
  origem text not null,
  forma_pagamento text,
  valor_contrato numeric(16, 2),
  pro_soluto numeric(16, 2),
  comissao_valor numeric(16, 2) not null default 0,
  leads int not null default 0,
  atualizado_em timestamptz not null default now()
);
create index if not exists fato_reservas_data_reserva_idx on bi.fato_reservas (data_reserva);
create index if not exists fato_reservas_data_venda_idx on bi.fato_reservas (data_venda);

-- One row per commission (cvdw.comissoes).
create table if not exists bi.fato_comissoes (
  referencia text primary key,
  idcomissao bigint,
  idreserva bigint,
  data_cad timestamp,
  data_comissao date,
  data_pagamento date,
  ativo text,
  situacao text,
  corretor text,
  imobiliaria text,
  empreendimento text,
  valor_contrato numeric(16, 2),
  porcentagem_comissao numeric(9, 4),
  valor_comissao numeric(16, 2),
  valor_pagamento numeric(16, 2),
  atualizado_em timestamptz not null default now()
);
create index if not exists fato_comissoes_idreserva_idx on bi.fato_comissoes (idreserva);
