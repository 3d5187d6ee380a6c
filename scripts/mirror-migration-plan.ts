// What a new mirror migration must say, given the catalog and the columns the existing
// migrations already create: a table for each new resource, an added column for each new field
// of an existing resource. Nothing is dropped or retyped here: a column the catalog no longer
// lists keeps its data, and changing a column's type needs a cast someone must choose; both are
// reported for a person to decide.
import type { ResourceSpec } from '../src/cvdw/catalog/index.ts';
import { dataFields } from '../src/cvdw/catalog/index.ts';
import { COLUMN_TYPES, mirrorTableDdl, quoteIdent } from '../src/db/ddl/mirror-ddl.ts';
import type { MirrorColumns } from './queries/mirror-columns.ts';

/** information_schema's name for each column type the mirror DDL writes. */
const INFORMATION_SCHEMA_TYPES: Readonly<Record<string, string>> = {
  timestamp: 'timestamp without time zone',
};

export interface MirrorMigrationPlan {
  /** The statements to commit as a new numbered migration (empty: nothing to add). */
  readonly statements: readonly string[];
  /** Differences left for a person (pt-BR, one sentence each). */
  readonly warnings: readonly string[];
}

export function planMirrorMigration(specs: Iterable<ResourceSpec>, existing: MirrorColumns): MirrorMigrationPlan {
  const statements: string[] = [];
  const warnings: string[] = [];
  for (const spec of specs) {
    const columns = existing.get(spec.table);
    if (columns === undefined) {
      statements.push(mirrorTableDdl(spec));
      continue;
    }
    const fields = dataFields(spec);
    for (const field of fields) {
      const type = COLUMN_TYPES[field.type];
      const found = columns.get(field.name);
      if (found === undefined) {
        statements.push(`alter table cvdw.${quoteIdent(spec.table)} add column if not exists ${quoteIdent(field.name)} ${type};`);
      } else if (found !== (INFORMATION_SCHEMA_TYPES[type] ?? type)) {
        warnings.push(`cvdw.${spec.table}.${field.name} é ${found} no banco e ${type} no catálogo: a conversão de tipo não é gerada, escreva-a à mão.`);
      }
    }
    const known = new Set(['referencia', 'referencia_data', 'payload', 'synced_at', 'deleted_at', 'seen_in_run', 'conta', ...fields.map((f) => f.name)]);
    for (const name of columns.keys()) {
      if (!known.has(name)) warnings.push(`cvdw.${spec.table}.${name} não está mais no catálogo: a coluna é mantida com seus dados.`);
    }
  }
  return { statements, warnings };
}

export function planToSql(plan: MirrorMigrationPlan): string {
  if (plan.statements.length === 0) return '';
  return [
    '-- The cvdw mirror catches up with the catalog: new resources get their table, new fields of',
    '-- existing resources their typed column (older records keep theirs in payload).',
    'create schema if not exists cvdw;',
    '',
    ...plan.statements.flatMap((s) => [s, '']),
  ].join('\n');
}
