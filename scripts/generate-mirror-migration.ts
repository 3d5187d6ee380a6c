// Writes the SQL that brings the cvdw mirror in step with the catalog: the existing migrations are
// applied to an empty in-memory database, and what the catalog has beyond them (a new resource's
// table, a new field's column) is printed. Commit the output as a new numbered migration:
//   npx tsx scripts/generate-mirror-migration.ts > migrations/00NN_name.sql
// With --all it prints the whole mirror instead (every table, as migration 0002 holds it).
import { CATALOG } from '../src/cvdw/catalog/index.ts';
import { mirrorTableDdl } from '../src/db/ddl/mirror-ddl.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite-database.ts';
import { planMirrorMigration, planToSql } from './mirror-migration-plan.ts';
import { readMirrorColumns } from './queries/mirror-columns.ts';

function wholeMirror(): string {
  const parts = [
    '-- The cvdw mirror: one table per resource of the catalog, a typed column per known field,',
    '-- the record as received in payload (so fields added upstream are never lost).',
    'create schema if not exists cvdw;',
    '',
  ];
  for (const spec of CATALOG.values()) parts.push(mirrorTableDdl(spec), '');
  return parts.join('\n');
}

async function missingFromMigrations(): Promise<string> {
  const db = await openPglite();
  try {
    await migrate(db);
    const plan = planMirrorMigration(CATALOG.values(), await readMirrorColumns(db));
    for (const warning of plan.warnings) process.stderr.write(`aviso: ${warning}\n`);
    if (plan.statements.length === 0) process.stderr.write('As migrações já criam todo o espelho do catálogo: nada a gerar.\n');
    return planToSql(plan);
  } finally {
    await db.close();
  }
}

process.stdout.write(process.argv.includes('--all') ? wholeMirror() : await missingFromMigrations());
