-- Scheduled reconciliation: each resource is re-read completely in nightly slices, and when a
-- pass reaches the end, the rows nobody read since the pass began are marked deleted upstream.
-- The pass has its own cursor, apart from the incremental run's, so the daytime syncs neither
-- reset nor advance it.
alter table etl.resource_state add column if not exists reconcile_started_at timestamptz;
alter table etl.resource_state add column if not exists reconcile_phase text;
alter table etl.resource_state add column if not exists reconcile_cursor_data timestamp;
alter table etl.resource_state add column if not exists reconcile_cursor_page int;
alter table etl.resource_state add column if not exists reconcile_pages_done int not null default 0;

-- One run per resource and nightly slice, mode 'reconcile'.
alter table etl.runs drop constraint if exists runs_mode_check;
alter table etl.runs add constraint runs_mode_check check (mode in ('full', 'incremental', 'reconcile'));
