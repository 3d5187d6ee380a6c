-- Every business definition the figures rest on, written once. Queries, views, the refresh of
-- the business tables and the figures read these; the help texts and the API description are
-- tested against the comments below (the words a reader sees), so a definition changed here and
-- not there fails the tests.

-- Signed sale: a reservation that reached a sale (active, dated, with a value), including those
-- later undone by a distrato. The base of "vendas líquidas" (VSO) and of the distratos.
create or replace view public.vw_vendas_assinadas as
select *
from public.vendas
where ativo = 'S'
  and data_venda is not null
  and valor > 0;

comment on view public.vw_vendas_assinadas is
  'Vendas assinadas: ativas, com data de venda e valor maior que zero, inclusive as desfeitas depois por distrato.';

-- Counted sale: a signed sale not undone by a distrato (the original system counted distratos
-- too, which overstated sales). The partial index vendas_contadas_idx (0003) repeats this
-- predicate because an index cannot be defined over a view; a query through this view still
-- uses it, and a test keeps the two in step.
create or replace view public.vw_vendas_ativas as
select *
from public.vw_vendas_assinadas
where situacao is distinct from 'Distrato';

comment on view public.vw_vendas_ativas is
  'Vendas contadas: ativas, com data de venda, valor maior que zero e que não viraram distrato.';

-- Unit state: situacao_mapa_disponibilidade as the business names it (null for an unknown code).
create or replace function public.unidade_status(codigo bigint) returns text
language sql immutable parallel safe
as $$
  select case codigo
    when 1 then 'disponivel' when 2 then 'reservada' when 3 then 'vendida'
    when 4 then 'bloqueada' when 5 then 'em_reserva' end
$$;

comment on function public.unidade_status(bigint) is
  'Situação da unidade: 1 disponível, 2 reservada, 3 vendida, 4 bloqueada, 5 em processo de reserva.';

-- What a project's "reservadas" covers: reserved and in the process of being reserved.
create or replace function public.unidade_reservada(codigo bigint) returns boolean
language sql immutable parallel safe
as $$
  select coalesce(codigo in (2, 5), false)
$$;

comment on function public.unidade_reservada(bigint) is
  'Unidades reservadas: situação 2 (reservada) ou 5 (em processo de reserva).';

-- Pró-soluto of one sale: the part of the price paid to the developer directly.
create or replace function public.pro_soluto(valor numeric, financiamento numeric, fgts numeric, subsidio numeric)
returns numeric
language sql immutable parallel safe
as $$
  select coalesce(valor, 0) - coalesce(financiamento, 0) - coalesce(fgts, 0) - coalesce(subsidio, 0)
$$;

comment on function public.pro_soluto(numeric, numeric, numeric, numeric) is
  'Pró-soluto: parte do preço paga diretamente à incorporadora (valor do contrato − financiamento − FGTS − subsídio).';

-- Ticket médio: VGV sold ÷ sales, to the cent; null when there is no sale.
create or replace function public.ticket_medio(vgv numeric, vendas bigint) returns numeric
language sql immutable parallel safe
as $$
  select round(vgv / nullif(vendas, 0), 2)
$$;

comment on function public.ticket_medio(numeric, bigint) is
  'Ticket médio: VGV vendido ÷ quantidade de vendas.';

-- The original system's views, now over the definitions above (same columns, same figures).
create or replace view public.vw_kpis_vendas as
select
  count(*)::int as total_vendas,
  coalesce(sum(valor), 0)::numeric(18, 2) as valor_total,
  coalesce(public.ticket_medio(sum(valor), count(*)), 0)::numeric(18, 2) as ticket_medio,
  coalesce(sum(comissao_valor), 0)::numeric(18, 2) as comissao_total,
  count(distinct corretor)::int as total_corretores,
  count(distinct empreendimento)::int as total_empreendimentos
from public.vw_vendas_ativas;

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
