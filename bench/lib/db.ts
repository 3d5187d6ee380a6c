// Throw-away databases for the benchmarks: a fresh PostgreSQL database (dropped at the end) or an
// in-memory PGlite, migrated with the product's own migrations.
import { PGlite } from '@electric-sql/pglite';
import { TYPE_PARSERS, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { wrapPglite } from '../../src/db/pglite-database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { runAsAdmin } from '../../test/helpers/test-env.ts';

export function adminUrl(): string {
  return process.env.BENCH_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function urlFor(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export interface BenchDatabase {
  readonly db: Database;
  readonly kind: 'postgres' | 'pglite';
  /** PostgreSQL only. */
  readonly url: string | undefined;
  /** PGlite only: the instance itself (COPY from a blob). */
  readonly pglite: PGlite | undefined;
  dispose(): Promise<void>;
}

let counter = 0;

export async function createBenchDatabase(kind: 'postgres' | 'pglite', poolSize = 4): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const pglite = new PGlite({ parsers: TYPE_PARSERS });
    await pglite.waitReady;
    const db = wrapPglite(pglite);
    await migrate(db);
    return { db, kind, url: undefined, pglite, dispose: () => pglite.close().catch(() => undefined) };
  }
  const name = `cvcrm_etl_bench_${process.pid}_${counter++}_${Date.now().toString(36)}`;
  await runAsAdmin(`create database ${name}`, adminUrl());
  const url = urlFor(name);
  const db = openPostgres({ url, poolSize });
  await migrate(db);
  return {
    db, kind, url, pglite: undefined,
    async dispose() {
      await db.close().catch(() => undefined);
      await runAsAdmin(`drop database if exists ${name} with (force)`, adminUrl()).catch(() => undefined);
    },
  };
}
