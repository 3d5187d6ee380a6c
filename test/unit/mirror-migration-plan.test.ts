// The mirror migration generator compares the catalog with the columns the migrations create:
// a new resource gets its table, a new field of an existing resource its column, and what it
// must not decide alone (a retype, a field gone from the catalog) is a warning, never SQL.
import { describe, expect, it } from 'vitest';
import { getResource, type ResourceSpec } from '../../src/cvdw/catalog/index.ts';
import { dataFields } from '../../src/cvdw/catalog/index.ts';
import { planMirrorMigration, planToSql } from '../../scripts/mirror-migration-plan.ts';

const reservas = getResource('reservas');
const TYPE_NAMES = { text: 'text', integer: 'bigint', numeric: 'numeric', timestamp: 'timestamp without time zone', json: 'jsonb' } as const;

/** The columns migration 0002 gives a resource, as information_schema names their types. */
function migratedColumns(spec: ResourceSpec): Map<string, string> {
  return new Map([
    ['referencia', 'text'],
    ['referencia_data', 'timestamp without time zone'],
    ...dataFields(spec).map((f): [string, string] => [f.name, TYPE_NAMES[f.type]]),
    ['payload', 'jsonb'],
    ['synced_at', 'timestamp with time zone'],
    ['deleted_at', 'timestamp with time zone'],
    ['seen_in_run', 'bigint'],
  ]);
}

const withFields = (spec: ResourceSpec, ...extra: ResourceSpec['fields']): ResourceSpec => ({ ...spec, fields: [...spec.fields, ...extra] });

describe('mirror migration plan', () => {
  it('has nothing to say when the migrations already hold the catalog', () => {
    const plan = planMirrorMigration([reservas], new Map([[reservas.table, migratedColumns(reservas)]]));
    expect(plan).toEqual({ statements: [], warnings: [] });
    expect(planToSql(plan)).toBe('');
  });

  it('adds a typed column for each new field of an existing resource', () => {
    const grown = withFields(reservas, { name: 'valor_avaliacao', type: 'numeric', pii: false }, { name: 'data "assinatura"', type: 'timestamp', pii: false });
    const plan = planMirrorMigration([grown], new Map([[reservas.table, migratedColumns(reservas)]]));
    expect(plan.statements).toEqual([
      `alter table cvdw."${reservas.table}" add column if not exists "valor_avaliacao" numeric;`,
      `alter table cvdw."${reservas.table}" add column if not exists "data ""assinatura""" timestamp;`,
    ]);
    expect(plan.warnings).toEqual([]);
    expect(planToSql(plan)).toContain('add column if not exists "valor_avaliacao" numeric;\n');
  });

  it('creates the whole table of a new resource', () => {
    const fresh: ResourceSpec = { ...reservas, name: 'novidades', table: 'novidades' };
    const plan = planMirrorMigration([fresh], new Map());
    expect(plan.statements).toHaveLength(1);
    expect(plan.statements[0]).toMatch(/^create table if not exists cvdw\."novidades" \(/);
    expect(plan.statements[0]).toContain('create index if not exists "novidades_referencia_data_idx"');
  });

  it('warns, and writes nothing, for a changed type or a field the catalog dropped', () => {
    const columns = migratedColumns(reservas);
    const first = dataFields(reservas)[0]!;
    columns.set(first.name, first.type === 'text' ? 'bigint' : 'text');
    columns.set('campo_antigo', 'text');
    const plan = planMirrorMigration([reservas], new Map([[reservas.table, columns]]));
    expect(plan.statements).toEqual([]);
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toContain(`cvdw.${reservas.table}.${first.name}`);
    expect(plan.warnings[1]).toBe(`cvdw.${reservas.table}.campo_antigo não está mais no catálogo: a coluna é mantida com seus dados.`);
  });
});
