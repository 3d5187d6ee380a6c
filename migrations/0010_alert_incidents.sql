-- Alert incidents: one open row per (resource, kind) at most, so one message goes out when a
-- problem starts and one when it ends, whatever the number of runs, processes or restarts in
-- between. The notice columns record delivery: a message that failed to send is retried.
create table if not exists etl.alert_incidents (
  id bigserial primary key,
  resource text not null,
  kind text not null check (kind in ('failing', 'stale')),
  opened_at timestamptz not null default now(),
  -- one sentence, already scrubbed of personal data and secrets
  detail text not null,
  resolved_at timestamptz,
  open_notice_at timestamptz,
  resolve_notice_at timestamptz
);
create unique index if not exists alert_incidents_open_idx
  on etl.alert_incidents (resource, kind) where resolved_at is null;
