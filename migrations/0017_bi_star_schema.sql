-- Schema bi: a star schema for Power BI and Metabase, with the commercial funnel
-- (leads -> visita -> reserva -> venda) beside the sales.
--
-- The facts are tables refreshed by the load, like public.vendas: each page of a resource that
-- feeds them refreshes the rows whose keys the page touched, in the page's transaction, so bi
-- never disagrees with the mirror at a commit. The dimensions that are only a projection of a
-- business table are views over it.
--
-- Keys BI tools relate on: dim_calendario.data to every fact's date columns (data_*), the id
-- columns (idempreendimento, idunidade, idcorretor, idlead, idreserva) to the dimension or fact
-- of the same name, and fato_leads.origem to dim_origem (a reservation's midia is a campaign or
-- medium, another thing than a lead's channel, and has no dimension).

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
  midia text not null,
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

-- Origins are a key of fato_leads; a lead without one belongs here.
insert into bi.dim_origem (origem) values ('Não informado') on conflict (origem) do nothing;

-- A project renamed or removed recomputes the funnel rows of its leads.
create index if not exists fato_leads_idempreendimento_idx on bi.fato_leads (idempreendimento);

-- Lookup indexes on the mirror that the refresh of bi joins on, so a page of 500 records costs
-- index probes, not scans of tables that grow to millions of leads. A broker's latest record is
-- read in the index's order (newest first, undated last), without sorting all of them.
create index if not exists leads_idlead_idx on cvdw.leads (idlead);
create index if not exists leads_idcorretor_idx on cvdw.leads (idcorretor, referencia_data desc nulls last);
create index if not exists leads_visitas_idlead_idx on cvdw.leads_visitas (idlead);
create index if not exists leads_visitas_idtarefa_idx on cvdw.leads_visitas (idtarefa);
create index if not exists leads_perdas_idlead_idx on cvdw.leads_perdas (idlead);
create index if not exists leads_ganhos_idlead_idx on cvdw.leads_ganhos (idlead);
create index if not exists reservas_idcorretor_idx on cvdw.reservas (idcorretor, referencia_data desc nulls last);
create index if not exists comissoes_idreserva_referencia_idx on cvdw.comissoes (idreserva, referencia);
-- The index above leads with idreserva, so it serves every lookup 0003's index on idreserva alone
-- served (the sales' and the reservations' commission totals); lookups by referencia use the key.
drop index if exists cvdw.comissoes_idreserva_idx;

-- The calendar, 2000-01-01 to 2050-12-31. dia_util is Monday to Friday and not a national
-- holiday: the fixed ones (Dia da Consciência Negra, 20 de novembro, only from 2024 on, by Lei
-- 14.759/2023) and Sexta-feira Santa, two days before Easter (the anonymous Gregorian
-- computation). Carnaval and Corpus Christi are pontos facultativos, not national holidays, and
-- state or city holidays are not here: a BI user who needs them marks them in the BI tool.
insert into bi.dim_calendario (data, ano, trimestre, mes, nome_mes, ano_mes, dia_semana, nome_dia_semana, dia_util)
with dias as (
  select d::date as data from generate_series(date '2000-01-01', date '2050-12-31', interval '1 day') as g(d)
),
pascoa as (
  select y.ano, make_date(y.ano, (x.h + x.l - 7 * x.m + 114) / 31, (x.h + x.l - 7 * x.m + 114) % 31 + 1) as data
  from generate_series(2000, 2050) as y(ano)
  cross join lateral (
    select y.ano % 19 as a, y.ano / 100 as b, y.ano % 100 as c
  ) p
  cross join lateral (
    select (19 * p.a + p.b - p.b / 4 - (p.b - (p.b + 8) / 25 + 1) / 3 + 15) % 30 as h
  ) q
  cross join lateral (
    select q.h, (32 + 2 * (p.b % 4) + 2 * (p.c / 4) - q.h - p.c % 4) % 7 as l
  ) r
  cross join lateral (
    select r.h, r.l, (p.a + 11 * r.h + 22 * r.l) / 451 as m
  ) x
),
feriados as (
  select make_date(y.ano, f.mes, f.dia) as data
  from generate_series(2000, 2050) as y(ano)
  cross join (values (1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (11, 20), (12, 25)) as f(mes, dia)
  where not (f.mes = 11 and f.dia = 20 and y.ano < 2024)
  union
  select data - 2 from pascoa
)
select
  d.data,
  extract(year from d.data)::int,
  extract(quarter from d.data)::int,
  extract(month from d.data)::int,
  (array['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro',
         'outubro', 'novembro', 'dezembro'])[extract(month from d.data)::int],
  to_char(d.data, 'YYYY-MM'),
  extract(isodow from d.data)::int,
  (array['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado',
         'domingo'])[extract(isodow from d.data)::int],
  extract(isodow from d.data) between 1 and 5 and not exists (select 1 from feriados f where f.data = d.data)
from dias d
on conflict (data) do nothing;

-- Projects as BI tools see them: a projection of public.empreendimentos.
create or replace view bi.dim_empreendimento as
select
  e.cvcrm_id as idempreendimento,
  e.nome as empreendimento,
  e.cidade,
  e.estado,
  e.status,
  e.tipo,
  e.total_unidades,
  e.unidades_disponiveis,
  e.unidades_reservadas,
  e.unidades_vendidas,
  e.unidades_bloqueadas,
  e.vgv_tabela
from public.empreendimentos e;

-- Units as BI tools see them: a projection of public.unidades.
create or replace view bi.dim_unidade as
select
  u.cvcrm_id as idunidade,
  u.empreendimento_id as idempreendimento,
  u.numero,
  u.bloco,
  u.andar,
  u.tipologia,
  u.metragem,
  u.vagas_garagem,
  u.valor,
  u.status
from public.unidades u;

-- The stock day by day, from the daily unit snapshots; the 0/1 flags sum to unit counts.
create or replace view bi.fato_estoque_diario as
select
  s.snapshot_date as data,
  s.idunidade,
  s.idempreendimento,
  s.situacao as situacao_codigo,
  public.unidade_status(s.situacao) as status,
  coalesce(public.unidade_status(s.situacao) = 'disponivel', false)::int as disponivel,
  public.unidade_reservada(s.situacao)::int as reservada,
  coalesce(public.unidade_status(s.situacao) = 'vendida', false)::int as vendida,
  coalesce(public.unidade_status(s.situacao) = 'bloqueada', false)::int as bloqueada
from etl.unit_snapshots s;

-- What each object and column means, in the words a BI user reads (Power BI and Metabase show
-- these as descriptions). The funnel's definitions are the comments of fato_leads and
-- fato_reservas columns: the dashboard's help texts repeat them word for word.
comment on schema bi is
  'Esquema estrela para Power BI e Metabase: o funil comercial (leads, visitas, reservas, vendas) e o estoque, atualizados a cada carga.';

comment on table bi.dim_calendario is
  'Calendário, um dia por linha de 2000 a 2050: relacione a ele as colunas de data (data_*) dos fatos. Dia útil exclui sábados, domingos e feriados nacionais.';
comment on column bi.dim_calendario.data is 'Dia (chave do calendário).';
comment on column bi.dim_calendario.ano is 'Ano.';
comment on column bi.dim_calendario.trimestre is 'Trimestre do ano (1 a 4).';
comment on column bi.dim_calendario.mes is 'Mês do ano (1 a 12).';
comment on column bi.dim_calendario.nome_mes is 'Nome do mês, em minúsculas (janeiro a dezembro).';
comment on column bi.dim_calendario.ano_mes is 'Ano e mês no formato AAAA-MM, para agrupar e ordenar por mês.';
comment on column bi.dim_calendario.dia_semana is 'Dia da semana ISO: 1 = segunda-feira … 7 = domingo.';
comment on column bi.dim_calendario.nome_dia_semana is 'Nome do dia da semana, em minúsculas (segunda-feira a domingo).';
comment on column bi.dim_calendario.dia_util is
  'Dia útil: segunda a sexta-feira que não é feriado nacional (fixos, Consciência Negra desde 2024 e Sexta-feira Santa). Carnaval e Corpus Christi são pontos facultativos e feriados estaduais e municipais não estão incluídos.';

comment on table bi.dim_corretor is
  'Corretores vistos nos leads e nas reservas, com a imobiliária do registro mais recente e o time da reserva mais recente que tem um.';
comment on column bi.dim_corretor.idcorretor is 'Código do corretor no CV CRM (chave).';
comment on column bi.dim_corretor.corretor is 'Nome do corretor.';
comment on column bi.dim_corretor.idimobiliaria is 'Código da imobiliária do corretor.';
comment on column bi.dim_corretor.imobiliaria is 'Nome da imobiliária do corretor.';
comment on column bi.dim_corretor.idtime is 'Código do time do corretor (da reserva mais recente que informa um).';
comment on column bi.dim_corretor.time is 'Nome do time do corretor (da reserva mais recente que informa um).';
comment on column bi.dim_corretor.atualizado_em is 'Quando a linha foi recalculada pela carga.';

comment on table bi.dim_origem is
  'Origens (canais) vistas nos leads, mais "Não informado" para o lead que não tem uma. Relacione a ela fato_leads.origem.';
comment on column bi.dim_origem.origem is 'Nome da origem (chave); "Não informado" quando o lead não tem uma.';
comment on column bi.dim_origem.atualizado_em is 'Quando a origem apareceu ou foi vista pela última vez pela carga.';

comment on table bi.ponte_lead_reserva is
  'Ponte muitos-para-muitos entre leads e reservas: cada par (lead, reserva) lido do campo idlead da reserva, que lista vários leads separados por vírgula. Inclui reservas inativas; códigos sem lead ficam aqui, mas não contam nos fatos.';
comment on column bi.ponte_lead_reserva.idlead is 'Código do lead citado pela reserva.';
comment on column bi.ponte_lead_reserva.idreserva is 'Código da reserva.';

comment on table bi.fato_leads is
  'Funil por lead: uma linha por lead que conta (não apagado na origem e não inativo), com as datas e os indicadores de cada etapa (visita, reserva, venda, perda).';
comment on column bi.fato_leads.idlead is 'Código do lead no CV CRM (chave).';
comment on column bi.fato_leads.data_cad is 'Data e hora de cadastro do lead.';
comment on column bi.fato_leads.data_lead is 'Data de cadastro do lead (data_cad): define a safra do funil.';
comment on column bi.fato_leads.ativo is 'Lead ativo no CV CRM (S ou vazio; leads com N não entram nesta tabela).';
comment on column bi.fato_leads.situacao is 'Situação atual do lead no CV CRM.';
comment on column bi.fato_leads.origem is 'Origem (canal) do lead; "Não informado" quando o lead não tem uma.';
comment on column bi.fato_leads.midia is 'Mídia original do lead; "Não informado" quando o lead não tem uma.';
comment on column bi.fato_leads.idempreendimento is 'Empreendimento do lead: o último de interesse, senão o primeiro.';
comment on column bi.fato_leads.empreendimento is 'Nome do empreendimento do lead.';
comment on column bi.fato_leads.idcorretor is 'Código do corretor do lead.';
comment on column bi.fato_leads.corretor is 'Nome do corretor do lead.';
comment on column bi.fato_leads.imobiliaria is 'Imobiliária do corretor do lead.';
comment on column bi.fato_leads.data_primeira_interacao_corretor is 'Data e hora da primeira interação do corretor com o lead.';
comment on column bi.fato_leads.horas_primeiro_atendimento is 'Tempo de primeiro atendimento: horas entre o cadastro do lead e a primeira interação do corretor.';
comment on column bi.fato_leads.tem_visita is 'Visita: o lead tem ao menos uma visita concluída (com data de conclusão).';
comment on column bi.fato_leads.data_primeira_visita is 'Data e hora da primeira visita concluída do lead.';
comment on column bi.fato_leads.visitas is 'Quantidade de visitas concluídas do lead.';
comment on column bi.fato_leads.tem_reserva is 'Reserva: o lead está em ao menos uma reserva ativa, qualquer que seja a situação dela; uma reserva pode vir de vários leads.';
comment on column bi.fato_leads.data_primeira_reserva is 'Data e hora de cadastro da primeira reserva ativa do lead.';
comment on column bi.fato_leads.reservas is 'Quantidade de reservas ativas do lead.';
comment on column bi.fato_leads.tem_venda is 'Venda: ao menos uma reserva do lead é uma venda contada, como nos números de vendas.';
comment on column bi.fato_leads.data_primeira_venda is 'Data da primeira venda contada do lead.';
comment on column bi.fato_leads.dias_ate_venda is 'Tempo até a venda: dias entre o cadastro do lead e a sua primeira venda contada.';
comment on column bi.fato_leads.vendas is 'Quantidade de vendas contadas do lead.';
comment on column bi.fato_leads.valor_vendas is 'Soma do valor das vendas contadas do lead (uma venda de vários leads conta inteira para cada um).';
comment on column bi.fato_leads.perdido is 'Perdido: o lead tem uma perda registrada (continua verdadeiro se depois foi reativado).';
comment on column bi.fato_leads.data_perda is 'Data e hora da perda mais recente do lead.';
comment on column bi.fato_leads.motivo_perda is 'Motivo da perda do lead (motivo_cancelamento, senão motivo); "Não informado" quando não há.';
comment on column bi.fato_leads.reativado is 'Reativado: o lead perdido foi recuperado (tem um ganho registrado).';
comment on column bi.fato_leads.data_reativacao is 'Data e hora da reativação mais recente do lead.';
comment on column bi.fato_leads.atualizado_em is 'Quando a linha foi recalculada pela carga.';

comment on table bi.fato_visitas is
  'Visitas: uma linha por visita que conta (não apagada na origem e não inativa), realizada ou só agendada.';
comment on column bi.fato_visitas.idtarefa is 'Código da visita (tarefa) no CV CRM (chave).';
comment on column bi.fato_visitas.idlead is 'Código do lead visitante.';
comment on column bi.fato_visitas.data_cad is 'Data e hora em que a visita foi cadastrada.';
comment on column bi.fato_visitas.data_agendada is 'Data e hora agendada para a visita.';
comment on column bi.fato_visitas.data_conclusao is 'Data e hora em que a visita foi concluída (vazia se não foi).';
comment on column bi.fato_visitas.data_visita is 'Dia da visita: o da conclusão, senão o agendado.';
comment on column bi.fato_visitas.realizada is 'Visita realizada: tem data de conclusão.';
comment on column bi.fato_visitas.situacao is 'Situação da visita no CV CRM.';
comment on column bi.fato_visitas.tipo_visita is 'Tipo da visita.';
comment on column bi.fato_visitas.visita_virtual is 'Visita virtual (S ou N).';
comment on column bi.fato_visitas.idempreendimento is 'Código do empreendimento visitado.';
comment on column bi.fato_visitas.empreendimento is 'Nome do empreendimento visitado.';
comment on column bi.fato_visitas.idresponsavel is 'Código do responsável pela visita.';
comment on column bi.fato_visitas.responsavel is 'Nome do responsável pela visita.';
comment on column bi.fato_visitas.ativo is 'Visita ativa no CV CRM (S ou vazio; visitas com N não entram nesta tabela).';
comment on column bi.fato_visitas.atualizado_em is 'Quando a linha foi recalculada pela carga.';

comment on table bi.fato_reservas is
  'Reservas: uma linha por reserva não apagada na origem, ativa ou não, com a venda e o distrato; só as ativas (ativo = S) contam como reserva no funil.';
comment on column bi.fato_reservas.idreserva is 'Código da reserva no CV CRM (chave).';
comment on column bi.fato_reservas.data_cad is 'Data e hora de cadastro da reserva.';
comment on column bi.fato_reservas.data_reserva is 'Dia de cadastro da reserva.';
comment on column bi.fato_reservas.data_venda is 'Dia da venda (vazio se a reserva não virou venda).';
comment on column bi.fato_reservas.data_distrato is 'Dia do distrato, como nas vendas (vazio se não houve).';
comment on column bi.fato_reservas.ativo is 'Reserva ativa no CV CRM (S ou N).';
comment on column bi.fato_reservas.situacao is 'Situação da reserva no CV CRM.';
comment on column bi.fato_reservas.eh_venda is 'Venda contada: a reserva está em public.vw_vendas_ativas.';
comment on column bi.fato_reservas.eh_distrato is 'Distrato: a venda foi desfeita (situação Distrato).';
comment on column bi.fato_reservas.idempreendimento is 'Código do empreendimento.';
comment on column bi.fato_reservas.empreendimento is 'Nome do empreendimento.';
comment on column bi.fato_reservas.idunidade is 'Código da unidade reservada.';
comment on column bi.fato_reservas.idcorretor is 'Código do corretor da reserva.';
comment on column bi.fato_reservas.corretor is 'Nome do corretor da reserva.';
comment on column bi.fato_reservas.midia is 'Mídia da reserva (campanha ou meio, a mesma origem_lead das vendas); "Não informado" quando não há. Não é a origem (canal) do lead.';
comment on column bi.fato_reservas.forma_pagamento is 'Tipo de venda (forma de pagamento).';
comment on column bi.fato_reservas.valor_contrato is 'Valor do contrato.';
comment on column bi.fato_reservas.pro_soluto is 'Pró-soluto: parte do preço paga diretamente à incorporadora (valor do contrato − financiamento − FGTS − subsídio).';
comment on column bi.fato_reservas.comissao_valor is 'Soma das comissões ativas da reserva.';
comment on column bi.fato_reservas.leads is 'Quantidade de leads existentes ligados à reserva.';
comment on column bi.fato_reservas.atualizado_em is 'Quando a linha foi recalculada pela carga.';

comment on table bi.fato_comissoes is 'Comissões: uma linha por comissão não apagada na origem, ativa ou não.';
comment on column bi.fato_comissoes.referencia is 'Chave do registro da comissão no CV CRM.';
comment on column bi.fato_comissoes.idcomissao is 'Código da comissão.';
comment on column bi.fato_comissoes.idreserva is 'Código da reserva da comissão.';
comment on column bi.fato_comissoes.data_cad is 'Data e hora de cadastro da comissão.';
comment on column bi.fato_comissoes.data_comissao is 'Dia de cadastro da comissão.';
comment on column bi.fato_comissoes.data_pagamento is 'Dia do pagamento da comissão (vazio se não foi paga).';
comment on column bi.fato_comissoes.ativo is 'Comissão ativa no CV CRM (S ou N).';
comment on column bi.fato_comissoes.situacao is 'Situação da comissão.';
comment on column bi.fato_comissoes.corretor is 'Nome do corretor comissionado.';
comment on column bi.fato_comissoes.imobiliaria is 'Nome da imobiliária comissionada.';
comment on column bi.fato_comissoes.empreendimento is 'Nome do empreendimento.';
comment on column bi.fato_comissoes.valor_contrato is 'Valor do contrato sobre o qual a comissão é calculada.';
comment on column bi.fato_comissoes.porcentagem_comissao is 'Percentual da comissão.';
comment on column bi.fato_comissoes.valor_comissao is 'Valor da comissão.';
comment on column bi.fato_comissoes.valor_pagamento is 'Valor pago da comissão.';
comment on column bi.fato_comissoes.atualizado_em is 'Quando a linha foi recalculada pela carga.';

comment on view bi.dim_empreendimento is 'Empreendimentos, com a contagem atual de unidades por situação.';
comment on column bi.dim_empreendimento.idempreendimento is 'Código do empreendimento no CV CRM (chave).';
comment on column bi.dim_empreendimento.empreendimento is 'Nome do empreendimento.';
comment on column bi.dim_empreendimento.cidade is 'Cidade do empreendimento.';
comment on column bi.dim_empreendimento.estado is 'Estado (UF) do empreendimento.';
comment on column bi.dim_empreendimento.status is 'Situação comercial do empreendimento.';
comment on column bi.dim_empreendimento.tipo is 'Tipo do empreendimento.';
comment on column bi.dim_empreendimento.total_unidades is 'Total de unidades.';
comment on column bi.dim_empreendimento.unidades_disponiveis is 'Unidades disponíveis hoje.';
comment on column bi.dim_empreendimento.unidades_reservadas is 'Unidades reservadas ou em processo de reserva hoje.';
comment on column bi.dim_empreendimento.unidades_vendidas is 'Unidades vendidas.';
comment on column bi.dim_empreendimento.unidades_bloqueadas is 'Unidades bloqueadas hoje.';
comment on column bi.dim_empreendimento.vgv_tabela is 'VGV do empreendimento: soma dos preços de tabela das unidades.';

comment on view bi.dim_unidade is 'Unidades, com a situação atual.';
comment on column bi.dim_unidade.idunidade is 'Código da unidade no CV CRM (chave).';
comment on column bi.dim_unidade.idempreendimento is 'Código do empreendimento da unidade.';
comment on column bi.dim_unidade.numero is 'Número (nome) da unidade.';
comment on column bi.dim_unidade.bloco is 'Bloco ou torre.';
comment on column bi.dim_unidade.andar is 'Andar.';
comment on column bi.dim_unidade.tipologia is 'Tipologia (planta).';
comment on column bi.dim_unidade.metragem is 'Área privativa, em m².';
comment on column bi.dim_unidade.vagas_garagem is 'Vagas de garagem.';
comment on column bi.dim_unidade.valor is 'Preço de tabela.';
comment on column bi.dim_unidade.status is 'Situação atual: disponivel, reservada, vendida, bloqueada ou em_reserva.';

comment on view bi.fato_estoque_diario is
  'Estoque dia a dia: a situação de cada unidade em cada dia em que a carga fotografou o estoque. Some as colunas 0/1 para contar unidades.';
comment on column bi.fato_estoque_diario.data is 'Dia da fotografia do estoque.';
comment on column bi.fato_estoque_diario.idunidade is 'Código da unidade.';
comment on column bi.fato_estoque_diario.idempreendimento is 'Código do empreendimento da unidade.';
comment on column bi.fato_estoque_diario.situacao_codigo is 'Código da situação no mapa de disponibilidade (1 a 5).';
comment on column bi.fato_estoque_diario.status is 'Situação da unidade: 1 disponível, 2 reservada, 3 vendida, 4 bloqueada, 5 em processo de reserva.';
comment on column bi.fato_estoque_diario.disponivel is '1 se a unidade estava disponível no dia, senão 0.';
comment on column bi.fato_estoque_diario.reservada is '1 se a unidade estava reservada ou em processo de reserva no dia, senão 0.';
comment on column bi.fato_estoque_diario.vendida is '1 se a unidade estava vendida no dia, senão 0.';
comment on column bi.fato_estoque_diario.bloqueada is '1 se a unidade estava bloqueada no dia, senão 0.';
