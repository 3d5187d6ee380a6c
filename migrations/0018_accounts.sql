-- Several CV CRM accounts in one warehouse: every table of cvdw, public and bi carries the
-- account's name in `conta`, part of its key, and the ETL bookkeeping is kept per account.
--
-- An existing single-account database becomes account 'principal' in place: adding a column
-- with a constant default rewrites nothing, and only the keys are rebuilt. No re-sync.
-- The default on the columns only fills the existing rows; the code always writes the account.
-- A process of the previous version still running during the upgrade fails on the new keys
-- (its `on conflict (referencia)` no longer matches one): stop workers before migrating.

-- The mirror: (conta, referencia) is the key of every table.
do $$
declare
  t record;
begin
  for t in
    select c.relname
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'cvdw' and c.relkind = 'r'
  loop
    execute format('alter table cvdw.%I add column if not exists conta text not null default %L', t.relname, 'principal');
    execute format('alter table cvdw.%I drop constraint if exists %I', t.relname, t.relname || '_pkey');
    execute format('alter table cvdw.%I add constraint %I primary key (conta, referencia)', t.relname, t.relname || '_pkey');
  end loop;
end
$$;

-- The business tables and the star schema.
alter table public.vendas add column if not exists conta text not null default 'principal';
alter table public.vendas drop constraint if exists vendas_pkey;
alter table public.vendas add constraint vendas_pkey primary key (conta, cvcrm_id);

alter table public.unidades add column if not exists conta text not null default 'principal';
alter table public.unidades drop constraint if exists unidades_pkey;
alter table public.unidades add constraint unidades_pkey primary key (conta, cvcrm_id);

alter table public.empreendimentos add column if not exists conta text not null default 'principal';
alter table public.empreendimentos drop constraint if exists empreendimentos_pkey;
alter table public.empreendimentos add constraint empreendimentos_pkey primary key (conta, cvcrm_id);

alter table bi.dim_corretor add column if not exists conta text not null default 'principal';
alter table bi.dim_corretor drop constraint if exists dim_corretor_pkey;
alter table bi.dim_corretor add constraint dim_corretor_pkey primary key (conta, idcorretor);

alter table bi.dim_origem add column if not exists conta text not null default 'principal';
alter table bi.dim_origem drop constraint if exists dim_origem_pkey;
alter table bi.dim_origem add constraint dim_origem_pkey primary key (conta, origem);

alter table bi.ponte_lead_reserva add column if not exists conta text not null default 'principal';
alter table bi.ponte_lead_reserva drop constraint if exists ponte_lead_reserva_pkey;
alter table bi.ponte_lead_reserva add constraint ponte_lead_reserva_pkey primary key (conta, idlead, idreserva);

alter table bi.fato_leads add column if not exists conta text not null default 'principal';
alter table bi.fato_leads drop constraint if exists fato_leads_pkey;
alter table bi.fato_leads add constraint fato_leads_pkey primary key (conta, idlead);

alter table bi.fato_visitas add column if not exists conta text not null default 'principal';
alter table bi.fato_visitas drop constraint if exists fato_visitas_pkey;
alter table bi.fato_visitas add constraint fato_visitas_pkey primary key (conta, idtarefa);

alter table bi.fato_reservas add column if not exists conta text not null default 'principal';
alter table bi.fato_reservas drop constraint if exists fato_reservas_pkey;
alter table bi.fato_reservas add constraint fato_reservas_pkey primary key (conta, idreserva);

alter table bi.fato_comissoes add column if not exists conta text not null default 'principal';
alter table bi.fato_comissoes drop constraint if exists fato_comissoes_pkey;
alter table bi.fato_comissoes add constraint fato_comissoes_pkey primary key (conta, referencia);

-- The refresh reads a broker's latest lead or reservation in index order, within the page's
-- account: with the account first, another account's rows of the same broker code are never
-- scanned on the way (0017's indexes led with the broker code).
drop index if exists cvdw.leads_idcorretor_idx;
create index if not exists leads_conta_idcorretor_idx on cvdw.leads (conta, idcorretor, referencia_data desc nulls last);
drop index if exists cvdw.reservas_idcorretor_idx;
create index if not exists reservas_conta_idcorretor_idx on cvdw.reservas (conta, idcorretor, referencia_data desc nulls last);

-- ETL bookkeeping per account.
alter table etl.resource_state add column if not exists conta text not null default 'principal';
alter table etl.resource_state drop constraint if exists resource_state_pkey;
alter table etl.resource_state add constraint resource_state_pkey primary key (conta, resource);

alter table etl.runs add column if not exists conta text not null default 'principal';
create index if not exists runs_conta_resource_idx on etl.runs (conta, resource, started_at desc);

alter table etl.rejected_records add column if not exists conta text not null default 'principal';
drop index if exists etl.rejected_records_once_idx;
create unique index if not exists rejected_records_once_idx on etl.rejected_records (conta, resource, md5(payload::text), reason);

alter table etl.field_problems add column if not exists conta text not null default 'principal';
alter table etl.field_problems drop constraint if exists field_problems_pkey;
alter table etl.field_problems add constraint field_problems_pkey primary key (conta, resource, referencia, field);

alter table etl.unit_snapshots add column if not exists conta text not null default 'principal';
alter table etl.unit_snapshots drop constraint if exists unit_snapshots_pkey;
alter table etl.unit_snapshots add constraint unit_snapshots_pkey primary key (conta, snapshot_date, idunidade);

alter table etl.alert_incidents add column if not exists conta text not null default 'principal';
drop index if exists etl.alert_incidents_open_idx;
create unique index if not exists alert_incidents_open_idx on etl.alert_incidents (conta, resource, kind) where resolved_at is null;

-- The views that project a table gain its account (columns are appended, so
-- `create or replace` keeps every dependent object valid).
create or replace view public.vw_vendas_assinadas as
select *
from public.vendas
where ativo = 'S'
  and data_venda is not null
  and valor > 0;

create or replace view public.vw_vendas_ativas as
select *
from public.vw_vendas_assinadas
where situacao is distinct from 'Distrato';

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
  e.vgv_tabela,
  e.conta
from public.empreendimentos e;

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
  u.status,
  u.conta
from public.unidades u;

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
  coalesce(public.unidade_status(s.situacao) = 'bloqueada', false)::int as bloqueada,
  s.conta
from etl.unit_snapshots s;

-- What the new column means, wherever it is.
do $$
declare
  t record;
begin
  for t in
    select n.nspname, c.relname
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'conta' and not a.attisdropped
    where n.nspname in ('cvdw', 'public', 'bi', 'etl') and c.relkind in ('r', 'v')
  loop
    execute format(
      'comment on column %I.%I.conta is %L', t.nspname, t.relname,
      'Conta do CV CRM de onde o registro veio (CVCRM_ACCOUNTS); "principal" numa instalação de uma conta só.');
  end loop;
end
$$;
