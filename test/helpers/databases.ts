// Gives each test file fresh, migrated databases of both kinds, so every database test runs on
// the real PostgreSQL server and on the embedded PGlite.
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { TYPE_PARSERS, type Database } from '../../src/db/database.ts';
import { wrapPglite } from '../../src/db/pglite-database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { databaseUrlFor, runAsAdmin } from './test-env.ts';

export type DatabaseKind = 'postgres' | 'pglite';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['postgres', 'pglite'];

export interface TestDatabase {
  readonly db: Database;
  /** The PostgreSQL URL (postgres kind only): for child processes and second pools. */
  readonly url: string | undefined;
  /** A PGlite data directory is per process, so a child process can only share a server. */
  readonly kind: DatabaseKind;
  dispose(): Promise<void>;
}

let counter = 0;

export async function createTestDatabase(kind: DatabaseKind, poolSize = 5): Promise<TestDatabase> {
  if (kind === 'postgres') {
    const name = `cvcrm_etl_t_${process.ppid}_${process.pid}_${counter++}_${Date.now().toString(36)}`;
    await runAsAdmin(`create database ${name} template ${inject('pgTemplate')}`);
    const url = databaseUrlFor(name);
    const db = openPostgres({ url, poolSize });
    return {
      db, url, kind,
      async dispose() {
        await db.close().catch(() => undefined);
        await runAsAdmin(`drop database if exists ${name} with (force)`).catch(() => undefined);
      },
    };
  }
  const dump = new Blob([readFileSync(inject('pgliteDump'))]);
  const pglite = new PGlite({ loadDataDir: dump, parsers: TYPE_PARSERS });
  await pglite.waitReady;
  const db = wrapPglite(pglite);
  return { db, url: undefined, kind, dispose: () => pglite.close().catch(() => undefined) };
}

/**
 * Declares the suite once per database kind. `get()` returns the fresh database of the kind
 * being run, created before the suite's tests and dropped after them.
 */
export function describeEachDatabase(name: string, body: (get: () => TestDatabase, kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body(() => {
        if (current === undefined) throw new Error('test database not ready');
        return current;
      }, kind);
    });
  }
}
