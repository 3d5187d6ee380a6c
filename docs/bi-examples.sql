-- Três perguntas respondidas só com o esquema bi. Cada instrução é executada pelos testes
-- (test/db/bi-examples.test.ts) no PostgreSQL e no PGlite. Datas relativas a hoje em São Paulo.

-- Com várias contas do CV CRM (CVCRM_ACCOUNTS), cada linha traz a sua `conta` e as junções entre
-- tabelas usam a conta e o código; para uma conta só, acrescente `where conta = 'nome'`.

-- 1. Conversão por origem dos leads do trimestre passado (safra: data de cadastro do lead), todas
--    as contas juntas: uma origem de mesmo nome em duas contas soma numa linha.
select
  l.origem,
  count(*) as leads,
  round(100.0 * count(*) filter (where l.tem_visita) / count(*), 1) as pct_visita,
  round(100.0 * count(*) filter (where l.tem_reserva) / count(*), 1) as pct_reserva,
  round(100.0 * count(*) filter (where l.tem_venda) / count(*), 1) as pct_venda
from bi.fato_leads l
join bi.dim_calendario c on c.data = l.data_lead
where c.data >= (date_trunc('quarter', (now() at time zone 'America/Sao_Paulo')::date) - interval '3 months')::date
  and c.data < date_trunc('quarter', (now() at time zone 'America/Sao_Paulo')::date)::date
group by l.origem
order by leads desc, l.origem;

-- 2. Mediana do tempo de primeiro atendimento (horas) por corretor, leads deste mês. Agrupa pela
--    conta e pelo código do corretor: dois corretores com o mesmo nome, ou com o mesmo código em
--    contas diferentes, não se misturam.
select
  l.conta,
  l.idcorretor,
  coalesce(d.corretor, 'Não informado') as corretor,
  count(*) as leads_atendidos,
  round(percentile_cont(0.5) within group (order by l.horas_primeiro_atendimento)::numeric, 2) as mediana_horas
from bi.fato_leads l
left join bi.dim_corretor d on d.conta = l.conta and d.idcorretor = l.idcorretor
where l.data_lead >= date_trunc('month', (now() at time zone 'America/Sao_Paulo')::date)::date
  and l.horas_primeiro_atendimento is not null
group by l.conta, l.idcorretor, d.corretor
order by mediana_horas, corretor, l.conta, l.idcorretor;

-- 3. Vendas contadas por dia da semana nos últimos 12 meses (dias sem venda aparecem com zero).
select
  c.dia_semana,
  c.nome_dia_semana,
  count(r.idreserva) as vendas,
  coalesce(sum(r.valor_contrato), 0) as valor_vendido
from bi.dim_calendario c
left join bi.fato_reservas r on r.data_venda = c.data and r.eh_venda
where c.data > ((now() at time zone 'America/Sao_Paulo')::date - interval '12 months')::date
  and c.data <= (now() at time zone 'America/Sao_Paulo')::date
group by c.dia_semana, c.nome_dia_semana
order by c.dia_semana;
