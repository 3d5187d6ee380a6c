// DDL of the cvdw mirror, derived from the catalog. Used to write the mirror migration and by
// the test that keeps the migrated tables and the catalog in step.
import { dataFields, type FieldType, type ResourceSpec } from '../../cvdw/catalog/index.ts';

export const COLUMN_TYPES: Readonly<Record<FieldType, string>> = {
  text: 'text',
  integer: 'bigint',
  numeric: 'numeric',
  timestamp: 'timestamp',
  json: 'jsonb',
};

/** Columns every mirror table has besides the record's own fields. */
export const BOOKKEEPING_COLUMNS = ['payload', 'synced_at', 'deleted_at', 'seen_in_run', 'conta'] as const;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function mirrorTableDdl(spec: ResourceSpec): string {
  const columns = [
    'referencia text not null',
    'referencia_data timestamp',
    ...dataFields(spec).map((f) => `${quoteIdent(f.name)} ${COLUMN_TYPES[f.type]}`),
    'payload jsonb not null',
    'synced_at timestamptz not null default now()',
    '-- set when a full read no longer finds the record upstream (hard delete)',
    'deleted_at timestamptz',
    '-- the full run that last saw the record; reconciliation marks the rest deleted',
    'seen_in_run bigint',
    '-- the CV CRM account the record came from (CVCRM_ACCOUNTS; "principal" with one account)',
    "conta text not null default 'principal'",
    'primary key (conta, referencia)',
  ];
  const body = columns.map((c, i) => (c.startsWith('--') ? `  ${c}` : `  ${c}${i < columns.length - 1 ? ',' : ''}`)).join('\n');
  return [
    `create table if not exists cvdw.${quoteIdent(spec.table)} (\n${body}\n);`,
    `create index if not exists ${quoteIdent(`${spec.table}_referencia_data_idx`)} on cvdw.${quoteIdent(spec.table)} (referencia_data);`,
  ].join('\n');
}
