// The generator's output is a migration both databases accept: applied to a migrated database,
// the mirror then holds the grown catalog exactly, and planning again finds nothing to add.
import { expect, it } from 'vitest';
import { CATALOG, getResource, type ResourceSpec } from '../../src/cvdw/catalog/index.ts';
import { splitStatements } from '../../src/db/migrate.ts';
import { planMirrorMigration, planToSql } from '../../scripts/mirror-migration-plan.ts';
import { readMirrorColumns } from '../../scripts/queries/mirror-columns.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('mirror migration generator', (get) => {
  it('finds nothing missing after the project\'s own migrations', async () => {
    expect(planMirrorMigration(CATALOG.values(), await readMirrorColumns(get().db))).toEqual({ statements: [], warnings: [] });
  });

  it('emits ALTER TABLE … ADD COLUMN for a new field and a table for a new resource, both applicable', async () => {
    const reservas = getResource('reservas');
    const grown: ResourceSpec = { ...reservas, fields: [...reservas.fields, { name: 'valor_avaliacao', type: 'numeric', pii: false }] };
    const fresh: ResourceSpec = { ...reservas, name: 'novidades', table: 'novidades' };
    const catalog = [...[...CATALOG.values()].map((s) => (s.name === 'reservas' ? grown : s)), fresh];

    const sql = planToSql(planMirrorMigration(catalog, await readMirrorColumns(get().db)));
    expect(sql).toContain(`alter table cvdw."${reservas.table}" add column if not exists "valor_avaliacao" numeric;`);
    await get().db.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) await tx.query(statement);
    });

    const after = await readMirrorColumns(get().db);
    expect(after.get(reservas.table)?.get('valor_avaliacao')).toBe('numeric');
    expect(after.get('novidades')?.get('payload')).toBe('jsonb');
    expect(planMirrorMigration(catalog, after)).toEqual({ statements: [], warnings: [] });
  });
});
