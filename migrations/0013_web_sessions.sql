-- Dashboard sessions ended by logout before their expiry. The session cookie is signed and
-- otherwise stateless; this list is what makes a logout hold across restarts and across every web
-- process that shares the database. A row is useless once its session would have expired anyway:
-- rows past expires_at are deleted whenever a new one is written.
create table if not exists etl.revoked_sessions (
  sid text primary key,
  expires_at timestamptz not null,
  revoked_at timestamptz not null default now()
);
create index if not exists revoked_sessions_expires_idx on etl.revoked_sessions (expires_at);
