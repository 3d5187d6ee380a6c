-- Work units: the scheduled sync of one account's one resource at one tick. The worker that
-- claims a tick in etl.schedule_ticks inserts the tick's units; every worker process then claims
-- units one at a time (`for update skip locked`) under a lease it renews while it works. A worker
-- killed mid-unit loses nothing (the resource's checkpoint is committed with each page) and its
-- unit goes back to the pool when the lease lapses.
create table if not exists etl.work_units (
  id bigserial primary key,
  tick timestamptz not null,
  conta text not null,
  resource text not null,
  state text not null default 'pending' check (state in ('pending', 'running', 'done', 'failed', 'superseded')),
  holder text,
  lease_until timestamptz,
  attempts integer not null default 0,
  started_at timestamptz,
  finished_at timestamptz,
  -- one sentence, already scrubbed of personal data and secrets
  last_error text,
  created_at timestamptz not null default now(),
  unique (tick, conta, resource)
);

-- What a worker looks for: units still to do, oldest tick first.
create index if not exists work_units_open_idx on etl.work_units (tick, id) where state in ('pending', 'running');

comment on table etl.work_units is 'Unidades de trabalho do agendamento: a sincronização de um recurso de uma conta num horário, tomada por um worker com prazo (lease).';
comment on column etl.work_units.state is 'pending (à espera), running (com um worker; volta ao conjunto quando lease_until passa), done, failed ou superseded (um horário mais novo já inclui este recurso desta conta).';
comment on column etl.work_units.lease_until is 'Até quando o worker que a tomou a detém; renovado enquanto trabalha.';
comment on column etl.work_units.attempts is 'Quantas vezes a unidade foi tomada (mais de uma: um worker parou no meio ou ela falhou e foi repetida).';
