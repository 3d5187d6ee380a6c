-- The headline KPIs without a scan of every sale: counted sales (vw_vendas_ativas) summed per
-- account, project and broker, kept up to date by statement-level triggers on public.vendas in
-- the writing statement's own transaction. A reader of the summary therefore sees exactly the
-- sales a reader of the view sees, at every commit, whatever writes the sales (a page of the
-- load, a reconciliation deletion, an anonymisation).
--
-- The grain is every column the sales filter narrows by except the date (conta, project id and
-- name, broker id and name), so the all-time KPIs under any project, broker or account filter read
-- this table; a period still reads the sales. A group exists only while it has a counted sale, so
-- counting distinct brokers or projects over the groups counts what the view would. With no
-- project or broker either, resumo_vendas_contadas_conta answers from one row an account.
create table if not exists public.resumo_vendas_contadas (
  conta text not null,
  empreendimento_id bigint,
  empreendimento text,
  corretor_id bigint,
  corretor text,
  vendas bigint not null,
  valor numeric not null,
  comissao_valor numeric not null,
  -- A sale without a broker or a project is a group of its own: nulls are one key, not many.
  constraint resumo_vendas_contadas_grupo unique nulls not distinct (conta, empreendimento_id, empreendimento, corretor_id, corretor)
);

comment on table public.resumo_vendas_contadas is
  'Vendas contadas (vw_vendas_ativas) somadas por conta, empreendimento e corretor, mantidas pela própria carga (gatilhos em public.vendas): os indicadores de todo o período sem ler cada venda.';
comment on column public.resumo_vendas_contadas.conta is
  'Conta do CV CRM de onde o registro veio (CVCRM_ACCOUNTS); "principal" numa instalação de uma conta só.';
comment on column public.resumo_vendas_contadas.empreendimento_id is 'Código do empreendimento no CV CRM.';
comment on column public.resumo_vendas_contadas.empreendimento is 'Nome do empreendimento.';
comment on column public.resumo_vendas_contadas.corretor_id is 'Código do corretor no CV CRM.';
comment on column public.resumo_vendas_contadas.corretor is 'Nome do corretor da venda.';
comment on column public.resumo_vendas_contadas.vendas is 'Quantidade de vendas contadas do grupo (sempre maior que zero: um grupo sem venda é apagado).';
comment on column public.resumo_vendas_contadas.valor is 'Soma do valor de contrato das vendas do grupo (VGV), em reais.';
comment on column public.resumo_vendas_contadas.comissao_valor is 'Soma da comissão das vendas do grupo, em reais.';

-- The same per account, for the usual question (all time, every project and broker): one row
-- an account. The distinct brokers and projects change only when a group appears or goes.
create table if not exists public.resumo_vendas_contadas_conta (
  conta text primary key,
  vendas bigint not null,
  valor numeric not null,
  comissao_valor numeric not null,
  corretores integer not null,
  empreendimentos integer not null
);

comment on table public.resumo_vendas_contadas_conta is
  'Vendas contadas (vw_vendas_ativas) somadas por conta, com os corretores e empreendimentos distintos, mantidas pela própria carga junto com resumo_vendas_contadas.';
comment on column public.resumo_vendas_contadas_conta.conta is
  'Conta do CV CRM de onde o registro veio (CVCRM_ACCOUNTS); "principal" numa instalação de uma conta só.';
comment on column public.resumo_vendas_contadas_conta.vendas is 'Quantidade de vendas contadas da conta (sempre maior que zero: uma conta sem venda é apagada).';
comment on column public.resumo_vendas_contadas_conta.valor is 'Soma do valor de contrato das vendas da conta (VGV), em reais.';
comment on column public.resumo_vendas_contadas_conta.comissao_valor is 'Soma da comissão das vendas da conta, em reais.';
comment on column public.resumo_vendas_contadas_conta.corretores is 'Corretores distintos (por nome) com venda contada na conta.';
comment on column public.resumo_vendas_contadas_conta.empreendimentos is 'Empreendimentos distintos (por nome) com venda contada na conta.';

-- What one statement on public.vendas changed, added to both summaries. `antigas` are the rows the
-- statement left (counted -1), `novas` the rows it wrote (+1); the three triggers below name the
-- transition tables they have, and the query is built from those names only. Only counted sales
-- matter, with the predicate of vw_vendas_ativas repeated (a trigger sees rows, not the view; a
-- test keeps the two in step).
--
-- Writers of one account take its lock here, until they commit: every page touches the same few
-- groups, so they would wait for each other anyway, and one lock per account instead of one per
-- group means two page transactions can never hold groups the other needs (no deadlock between
-- two pages of one account). Accounts never wait for each other. A group whose net change is
-- nothing (an upsert that rewrote a sale as it was) is not touched at all. The upsert returns the
-- groups left without a sale; they are deleted by row address, which cannot change before this
-- transaction ends since it holds their lock.
create or replace function public.resumo_vendas_contadas_atualizar() returns trigger
language plpgsql
as $$
declare
  changed text := case tg_op
    when 'INSERT' then 'select 1 as sinal, n.* from novas n'
    when 'DELETE' then 'select -1 as sinal, a.* from antigas a'
    else 'select -1 as sinal, a.* from antigas a union all select 1 as sinal, n.* from novas n'
  end;
  changes public.resumo_vendas_contadas[];
  emptied tid[];
  reshaped text[];
begin
  execute format($sql$
    select array_agg(row(m.*)::public.resumo_vendas_contadas
      order by m.conta, m.empreendimento_id, m.empreendimento, m.corretor_id, m.corretor)
    from (
      select c.conta, c.empreendimento_id, c.empreendimento, c.corretor_id, c.corretor,
        sum(c.sinal) as vendas, sum(c.sinal * c.valor) as valor, sum(c.sinal * c.comissao_valor) as comissao_valor
      from (%s) c
      where c.ativo = 'S' and c.data_venda is not null and c.valor > 0 and c.situacao is distinct from 'Distrato'
      group by c.conta, c.empreendimento_id, c.empreendimento, c.corretor_id, c.corretor
      having sum(c.sinal) <> 0 or sum(c.sinal * c.valor) <> 0 or sum(c.sinal * c.comissao_valor) <> 0
    ) m
  $sql$, changed) into changes;
  if changes is null then
    return null;
  end if;
  perform pg_advisory_xact_lock('public.resumo_vendas_contadas'::regclass::oid::int, hashtext(t.conta))
  from (select distinct c.conta from unnest(changes) c order by c.conta) t;
  with gravados as (
    insert into public.resumo_vendas_contadas as r
    select * from unnest(changes)
    on conflict (conta, empreendimento_id, empreendimento, corretor_id, corretor) do update set
      vendas = r.vendas + excluded.vendas,
      valor = r.valor + excluded.valor,
      comissao_valor = r.comissao_valor + excluded.comissao_valor
    returning r.ctid, r.conta, r.vendas, r.xmax = 0 as novo
  )
  select array_agg(g.ctid) filter (where g.vendas = 0), array_agg(distinct g.conta) filter (where g.vendas = 0 or g.novo)
  into emptied, reshaped
  from gravados g;
  if emptied is not null then
    delete from public.resumo_vendas_contadas where ctid = any(emptied);
  end if;
  insert into public.resumo_vendas_contadas_conta as t (conta, vendas, valor, comissao_valor, corretores, empreendimentos)
  select c.conta, sum(c.vendas), sum(c.valor), sum(c.comissao_valor), 0, 0
  from unnest(changes) c
  group by c.conta
  order by c.conta
  on conflict (conta) do update set
    vendas = t.vendas + excluded.vendas,
    valor = t.valor + excluded.valor,
    comissao_valor = t.comissao_valor + excluded.comissao_valor;
  -- A group came or went (`xmax = 0`: the upsert inserted the row): count the account's distinct
  -- brokers and projects again, over its groups only.
  if reshaped is not null then
    update public.resumo_vendas_contadas_conta t set
      corretores = (select count(distinct g.corretor) from public.resumo_vendas_contadas g where g.conta = t.conta),
      empreendimentos = (select count(distinct g.empreendimento) from public.resumo_vendas_contadas g where g.conta = t.conta)
    where t.conta = any(reshaped);
  end if;
  delete from public.resumo_vendas_contadas_conta t
  where t.vendas = 0 and t.conta in (select c.conta from unnest(changes) c);
  return null;
end
$$;

comment on function public.resumo_vendas_contadas_atualizar() is
  'Soma ao resumo de vendas contadas o que um comando em public.vendas mudou (gatilho por comando, com as tabelas de transição).';

-- TRUNCATE has no transition table: it empties the summary too.
create or replace function public.resumo_vendas_contadas_esvaziar() returns trigger
language plpgsql
as $$
begin
  delete from public.resumo_vendas_contadas;
  delete from public.resumo_vendas_contadas_conta;
  return null;
end
$$;

comment on function public.resumo_vendas_contadas_esvaziar() is
  'Esvazia o resumo de vendas contadas quando public.vendas é esvaziada (TRUNCATE).';

-- A trigger with transition tables fires on one event only, hence three.
drop trigger if exists resumo_vendas_contadas_insert on public.vendas;
create trigger resumo_vendas_contadas_insert
  after insert on public.vendas referencing new table as novas
  for each statement execute function public.resumo_vendas_contadas_atualizar();
drop trigger if exists resumo_vendas_contadas_update on public.vendas;
create trigger resumo_vendas_contadas_update
  after update on public.vendas referencing old table as antigas new table as novas
  for each statement execute function public.resumo_vendas_contadas_atualizar();
drop trigger if exists resumo_vendas_contadas_delete on public.vendas;
create trigger resumo_vendas_contadas_delete
  after delete on public.vendas referencing old table as antigas
  for each statement execute function public.resumo_vendas_contadas_atualizar();
drop trigger if exists resumo_vendas_contadas_truncate on public.vendas;
create trigger resumo_vendas_contadas_truncate
  after truncate on public.vendas
  for each statement execute function public.resumo_vendas_contadas_esvaziar();

-- The sales already loaded. The triggers above exist from here on in this same transaction, and
-- creating them locked out writers of public.vendas until it commits: nothing is counted twice
-- or missed.
delete from public.resumo_vendas_contadas;
delete from public.resumo_vendas_contadas_conta;
insert into public.resumo_vendas_contadas
  (conta, empreendimento_id, empreendimento, corretor_id, corretor, vendas, valor, comissao_valor)
select v.conta, v.empreendimento_id, v.empreendimento, v.corretor_id, v.corretor,
  count(*), sum(v.valor), sum(v.comissao_valor)
from public.vw_vendas_ativas v
group by v.conta, v.empreendimento_id, v.empreendimento, v.corretor_id, v.corretor;

insert into public.resumo_vendas_contadas_conta (conta, vendas, valor, comissao_valor, corretores, empreendimentos)
select g.conta, sum(g.vendas), sum(g.valor), sum(g.comissao_valor), count(distinct g.corretor), count(distinct g.empreendimento)
from public.resumo_vendas_contadas g
group by g.conta;
