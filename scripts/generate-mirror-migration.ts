// Writes the SQL that creates one cvdw mirror table per catalog resource. Run once when the
// catalog gains resources, then commit the output as a new numbered migration:
//   npx tsx scripts/generate-mirror-migration.ts > migrations/00NN_name.sql
import { CATALOG } from '../src/cvdw/catalog/index.ts';
import { mirrorTableDdl } from '../src/db/ddl/mirror-ddl.ts';

const parts = [
  '-- The cvdw mirror: one table per resource of the catalog, a typed column per known field,',
  '-- the record as received in payload (so fields added upstream are never lost).',
  'create schema if not exists cvdw;',
  '',
];
for (const spec of CATALOG.values()) parts.push(mirrorTableDdl(spec), '');
process.stdout.write(parts.join('\n'));
