-- The original system's headline views with several accounts. The same broker or project name in
-- two accounts is two brokers or projects (as src/figures/queries/kpis.ts counts them), so the
-- distinct counts are per account; the columns stay those the original views always had.
-- The *_por_conta views give the same figures per account, one row for every account with sales
-- on record (zeros when it has none counted), so /api/kpis?conta=x is one of their rows.

create or replace view public.vw_kpis_vendas as
select
  count(*)::int as total_vendas,
  coalesce(sum(valor), 0)::numeric(18, 2) as valor_total,
  coalesce(public.ticket_medio(sum(valor), count(*)), 0)::numeric(18, 2) as ticket_medio,
  coalesce(sum(comissao_valor), 0)::numeric(18, 2) as comissao_total,
  count(distinct conta || ':' || corretor)::int as total_corretores,
  count(distinct conta || ':' || empreendimento)::int as total_empreendimentos
from public.vw_vendas_ativas;

comment on view public.vw_kpis_vendas is
  'Indicadores das vendas contadas de todas as contas: vendas, VGV, ticket médio, comissão e quantos corretores e empreendimentos venderam (contados por conta: o mesmo nome em duas contas são dois).';

create or replace view public.vw_kpis_vendas_por_conta as
select
  c.conta,
  count(v.cvcrm_id)::int as total_vendas,
  coalesce(sum(v.valor), 0)::numeric(18, 2) as valor_total,
  coalesce(public.ticket_medio(sum(v.valor), count(v.cvcrm_id)), 0)::numeric(18, 2) as ticket_medio,
  coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao_total,
  count(distinct v.corretor)::int as total_corretores,
  count(distinct v.empreendimento)::int as total_empreendimentos
from (select distinct conta from public.vendas) c
left join public.vw_vendas_ativas v on v.conta = c.conta
group by c.conta;

comment on view public.vw_kpis_vendas_por_conta is
  'Os indicadores de vw_kpis_vendas por conta do CV CRM: uma linha por conta com vendas registradas (zeros quando nenhuma conta como venda).';
comment on column public.vw_kpis_vendas_por_conta.conta is 'Conta do CV CRM.';

create or replace view public.vw_vendas_mes_atual as
select
  m.mes,
  count(v.cvcrm_id)::int as vendas,
  coalesce(sum(v.valor), 0)::numeric(18, 2) as receita,
  coalesce(public.ticket_medio(sum(v.valor), count(v.cvcrm_id)), 0)::numeric(18, 2) as ticket_medio
from (select date_trunc('month', now() at time zone 'America/Sao_Paulo')::date as mes) m
left join public.vw_vendas_ativas v
  on v.data_venda >= m.mes and v.data_venda < (m.mes + interval '1 month')::date
group by m.mes;

comment on view public.vw_vendas_mes_atual is
  'Vendas contadas do mês corrente (horário de Brasília) de todas as contas: quantidade, receita e ticket médio.';

create or replace view public.vw_vendas_mes_atual_por_conta as
select
  c.conta,
  m.mes,
  count(v.cvcrm_id)::int as vendas,
  coalesce(sum(v.valor), 0)::numeric(18, 2) as receita,
  coalesce(public.ticket_medio(sum(v.valor), count(v.cvcrm_id)), 0)::numeric(18, 2) as ticket_medio
from (select date_trunc('month', now() at time zone 'America/Sao_Paulo')::date as mes) m
cross join (select distinct conta from public.vendas) c
left join public.vw_vendas_ativas v
  on v.conta = c.conta and v.data_venda >= m.mes and v.data_venda < (m.mes + interval '1 month')::date
group by c.conta, m.mes;

comment on view public.vw_vendas_mes_atual_por_conta is
  'As vendas do mês corrente de vw_vendas_mes_atual por conta do CV CRM: uma linha por conta com vendas registradas (zeros quando nenhuma no mês).';
comment on column public.vw_vendas_mes_atual_por_conta.conta is 'Conta do CV CRM.';
