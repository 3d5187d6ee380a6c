-- The outcome of every CVDW exchange of every process, counted per credential (a hash, never the
-- e-mail), resource and HTTP status (0: no answer). One upsert per request, about 20 a minute.
-- /health reads the latest answer and failure from here instead of asking CVDW while a sync is
-- already talking to it, and /metrics counts requests by status whichever process made them.
create table if not exists etl.api_exchanges (
  credential text not null,
  resource text not null,
  status int not null,
  exchanges bigint not null default 0,
  last_at timestamptz not null,
  -- one sentence about the last exchange with this status, scrubbed, for failures only
  last_detail text,
  primary key (credential, resource, status)
);
