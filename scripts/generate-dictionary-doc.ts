// Writes docs/dicionario.md: the dictionary of a freshly migrated in-memory database, in the
// same Markdown `cvcrm-etl dicionario` prints (a test compares the two).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dictionaryMarkdown } from '../src/cli/dictionary-format.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite-database.ts';
import { readDictionary } from '../src/db/queries/dictionary.ts';

const db = await openPglite();
try {
  await migrate(db);
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'dicionario.md'), dictionaryMarkdown(await readDictionary(db)));
} finally {
  await db.close();
}
