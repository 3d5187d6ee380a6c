-- ETL bookkeeping: per-resource state, run history, rejected records, the shared request budget.
create schema if not exists etl;

-- One row per resource. The checkpoint columns are written in the same transaction as each
-- page's data, so after a crash the next run resumes exactly where the last commit left off.
create table if not exists etl.resource_state (
  resource text primary key,
  -- largest referencia_data loaded (never a zero date); incremental runs start here minus the overlap
  watermark timestamp,
  -- the run in progress (null when none) and how far it got
  run_id bigint,
  run_mode text check (run_mode in ('full', 'incremental')),
  run_since timestamp,
  -- where the run is: 'undated' (records with null/zero referencia_data, which no date filter
  -- returns, read unfiltered from page 1), 'range' (cursor by referencia_data), 'tie' (a run of
  -- records sharing one referencia_data larger than a page, read by page number), 'day' (the
  -- API refused a time in the filter: page by number from the day)
  phase text,
  -- the next request starts at this referencia_data (and this page, for 'tie' and 'day')
  cursor_data timestamp,
  cursor_page int,
  -- when the undated records were last read (incremental runs re-read them once a day)
  undated_checked_at timestamptz,
  pages_done int not null default 0,
  -- lease: which process is syncing this resource, so two never do at once
  locked_by text,
  locked_until timestamptz,
  last_success_at timestamptz,
  last_full_at timestamptz,
  last_error text,
  consecutive_failures int not null default 0,
  updated_at timestamptz not null default now()
);

create table if not exists etl.runs (
  id bigserial primary key,
  resource text not null,
  mode text not null check (mode in ('full', 'incremental')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'interrupted')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  requests int not null default 0,
  pages int not null default 0,
  records int not null default 0,
  upserted int not null default 0,
  rejected int not null default 0,
  deleted int not null default 0,
  error text,
  host text,
  pid int
);
create index if not exists runs_resource_started_idx on etl.runs (resource, started_at desc);

create table if not exists etl.rejected_records (
  id bigserial primary key,
  run_id bigint,
  resource text not null,
  referencia text,
  reason text not null,
  payload jsonb not null,
  rejected_at timestamptz not null default now()
);
create index if not exists rejected_records_resource_idx on etl.rejected_records (resource, rejected_at desc);
-- A record re-read after a crash or at a cursor boundary is rejected once, not once per read.
create unique index if not exists rejected_records_once_idx on etl.rejected_records (resource, md5(payload::text), reason);

-- The request budget shared by every process of the installation: one row per request made in
-- the current window, per credential (a hash, never the e-mail itself).
create table if not exists etl.api_requests (
  credential text not null,
  requested_at timestamptz not null
);
create index if not exists api_requests_credential_idx on etl.api_requests (credential, requested_at);

-- A 429 pauses every process using the credential until paused_until.
create table if not exists etl.api_pause (
  credential text primary key,
  paused_until timestamptz not null
);

-- Scheduler ticks claimed by exactly one worker.
create table if not exists etl.schedule_ticks (
  name text primary key,
  last_tick timestamptz not null,
  claimed_by text
);

-- Daily snapshot of every unit's state, taken at each sync: the stock at the start of a past
-- month (for VSO) is in no API.
create table if not exists etl.unit_snapshots (
  snapshot_date date not null,
  idunidade bigint not null,
  idempreendimento bigint,
  situacao int,
  primary key (snapshot_date, idunidade)
);
create index if not exists unit_snapshots_emp_idx on etl.unit_snapshots (idempreendimento, snapshot_date);
