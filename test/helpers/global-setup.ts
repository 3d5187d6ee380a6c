// Prepares, once per test run, a migrated template for each database kind: a PostgreSQL
// template database (each test file clones it with CREATE DATABASE … TEMPLATE) and a PGlite
// data-directory dump (each test file loads it). Cloning is much faster than migrating again.
// First, dist/ is rebuilt when src/ changed since it was compiled: the tests that spawn
// bin/cvcrm-etl.js run dist/, and `npx vitest run` alone skips npm's pretest step.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { TYPE_PARSERS } from '../../src/db/database.ts';
import { wrapPglite } from '../../src/db/pglite-database.ts';
import { adminUrl, databaseUrlFor } from './test-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteDump: string;
  }
}

export default async function setup(project: TestProject) {
  const build = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed: the tests that spawn bin/cvcrm-etl.js need dist/');

  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const template = `cvcrm_etl_tpl_${stamp}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const tplDb = openPostgres({ url: databaseUrlFor(template), poolSize: 2 });
  await migrate(tplDb);
  await tplDb.close();

  const dir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-test-'));
  const pglite = new PGlite({ parsers: TYPE_PARSERS });
  await pglite.waitReady;
  const handle = wrapPglite(pglite);
  await migrate(handle);
  const dump = await pglite.dumpDataDir('none');
  const dumpPath = join(dir, 'migrated.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  project.provide('pgTemplate', template);
  project.provide('pgliteDump', dumpPath);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`cvcrm_etl_t_${process.pid}_%`, template],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  };
}
