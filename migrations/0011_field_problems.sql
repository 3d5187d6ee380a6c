-- Values that a loaded record's typed column could not hold. The record is in the mirror with
-- that column null and its payload intact; the problem is kept here, once per record and field,
-- until the record is loaded again without it.
create table if not exists etl.field_problems (
  resource text not null,
  referencia text not null,
  field text not null,
  -- the value as received, bounded; null for personal data when PII_STORAGE=hashed
  raw_value text,
  -- pt-BR, never quoting the value
  reason text not null,
  -- the run that last read the record with this problem
  run_id bigint,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (resource, referencia, field)
);

-- Records of the run loaded with at least one field problem (counted apart from rejected ones).
alter table etl.runs add column if not exists field_problems int not null default 0;
