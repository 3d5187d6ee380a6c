import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite-database.ts';
import { BackupError, backupDatabase, defaultBackupFile, detectFormat, restoreDatabase } from '../../src/ops/backup.ts';
import { findPgTool, parseToolMajor, pgEnvFromUrl } from '../../src/ops/pg-tools.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { memoryLogger } from './support.ts';

const ROWS = [
  ['reservas', '2025-01-02 03:04:05', 7],
  ['vendas', '2025-02-03 04:05:06', 0],
] as const;

async function seed(db: TestDatabase['db']): Promise<void> {
  for (const [resource, watermark, failures] of ROWS) {
    await db.query(
      'insert into etl.resource_state (resource, watermark, consecutive_failures) values ($1, $2, $3)',
      [resource, watermark, failures],
    );
  }
  await db.query(`insert into etl.schedule_ticks (name, last_tick, claimed_by) values ('sync', '2025-03-01T09:00:00Z', 'w1')`);
  // The server's dump lists its schemas; bi must be among them (the embedded test migrates only etl).
  if (await hasStarSchema(db)) {
    await db.query(`insert into bi.dim_corretor (idcorretor, corretor, time) values (501, 'Corretora de teste', 'Time Norte')`);
  }
}

async function hasStarSchema(db: TestDatabase['db']): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>(`select to_regclass('bi.dim_corretor')::text as t`);
  return rows[0]?.t !== null && rows[0]?.t !== undefined;
}

async function read(db: TestDatabase['db']) {
  const state = await db.query('select resource, watermark, consecutive_failures from etl.resource_state order by resource');
  const ticks = await db.query('select name, last_tick, claimed_by from etl.schedule_ticks');
  const brokers = (await hasStarSchema(db)) ? (await db.query('select idcorretor, corretor, time from bi.dim_corretor order by idcorretor')).rows : [];
  return { state: state.rows, ticks: ticks.rows, brokers };
}

describe('backup building blocks', () => {
  it('puts the connection in libpq variables, the password never in arguments', () => {
    const { env, database } = pgEnvFromUrl('postgres://etl%40x:p%40ss%2Fw@ep-cool.neon.tech:6543/app_db?sslmode=require&options=endpoint%3Dep-cool');
    expect(database).toBe('app_db');
    expect(env).toMatchObject({
      PGHOST: 'ep-cool.neon.tech', PGPORT: '6543', PGUSER: 'etl@x', PGPASSWORD: 'p@ss/w',
      PGDATABASE: 'app_db', PGSSLMODE: 'require', PGOPTIONS: 'endpoint=ep-cool',
    });
  });

  it('reads the major version of a client program', () => {
    expect(parseToolMajor('pg_dump (PostgreSQL) 16.4 (Ubuntu 16.4-1)')).toBe(16);
    expect(parseToolMajor('pg_restore (PostgreSQL) 9.6.24')).toBe(9);
    expect(parseToolMajor('nope')).toBeUndefined();
  });

  it('explains when no pg_dump is recent enough for the server', async () => {
    await expect(findPgTool('pg_dump', 99)).rejects.toThrow(/não funciona com este servidor PostgreSQL 99|não foi encontrado/);
    await expect(findPgTool('pg_dump', 16, '/nonexistent')).rejects.toThrow(/pg_dump não foi encontrado; instale as ferramentas de cliente do PostgreSQL 16/);
  });

  it('names default files by date and kind', () => {
    const at = new Date(2025, 0, 2, 3, 4, 5);
    expect(defaultBackupFile('/data', 'postgres', at)).toBe('/data/backups/cvcrm-etl-20250102-030405.dump');
    expect(defaultBackupFile('/data', 'pglite', at)).toBe('/data/backups/cvcrm-etl-20250102-030405.tar.gz');
  });
});

describe('backup and restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('a PostgreSQL server', () => {
    let source: TestDatabase;
    let target: TestDatabase;
    beforeAll(async () => {
      [source, target] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
      await seed(source.db);
    });
    afterAll(async () => {
      await source?.dispose();
      await target?.dispose();
    });

    it('dumps with pg_dump and restores into another database with the same rows', async () => {
      const { logger } = memoryLogger();
      const config = loadConfig({ DATABASE_URL: source.url, DATA_DIR: dir });
      const result = await backupDatabase({ config, logger, now: () => new Date(2025, 5, 6, 7, 8, 9) });
      expect(result).toMatchObject({ kind: 'postgres', file: join(dir, 'backups', 'cvcrm-etl-20250606-070809.dump') });
      expect(result.bytes).toBeGreaterThan(1000);
      expect(detectFormat(result.file)).toBe('custom');

      await target.db.query(`insert into etl.resource_state (resource) values ('leftover')`);
      await restoreDatabase({ config: loadConfig({ DATABASE_URL: target.url, DATA_DIR: dir }), logger, file: result.file });
      expect(await read(target.db)).toEqual(await read(source.db));
      const migrations = await target.db.query('select count(*)::int as n from etl.migrations');
      expect(migrations.rows[0]).toEqual({ n: expect.any(Number) });
    });

    it('restores a plain SQL file with psql, all or nothing', async () => {
      const config = loadConfig({ DATABASE_URL: target.url, DATA_DIR: dir });
      const good = join(dir, 'plain.sql');
      writeFileSync(good, "create table public.restore_marker (x int);\ninsert into public.restore_marker values (42);\n");
      await restoreDatabase({ config, logger: memoryLogger().logger, file: good });
      expect((await target.db.query('select x from public.restore_marker')).rows).toEqual([{ x: 42 }]);

      const bad = join(dir, 'bad.sql');
      writeFileSync(bad, 'insert into public.restore_marker values (43);\nselect no_such_function();\n');
      await expect(restoreDatabase({ config, logger: memoryLogger().logger, file: bad })).rejects.toThrow(/psql falhou.*no_such_function/);
      expect((await target.db.query('select x from public.restore_marker')).rows).toEqual([{ x: 42 }]);
    });

    it('refuses an embedded-database archive', async () => {
      const fake = join(dir, 'fake.tar.gz');
      writeFileSync(fake, Buffer.from([0x1f, 0x8b, 0, 0]));
      const config = loadConfig({ DATABASE_URL: target.url, DATA_DIR: dir });
      await expect(restoreDatabase({ config, logger: memoryLogger().logger, file: fake })).rejects.toThrow(BackupError);
    });
  });

  describe('the embedded database', () => {
    const sourceDir = join(dir, 'source');
    const targetDir = join(dir, 'target');

    beforeAll(async () => {
      // Only the bookkeeping migration: the full mirror schema would make this test slow.
      const db = await openPglite(sourceDir);
      await migrate(db, readMigrations().filter((m) => m.id === 1));
      await seed(db);
      await db.close();
    });

    it('archives DATA_DIR and restores it into another DATA_DIR with the same rows', async () => {
      const { logger } = memoryLogger();
      const file = join(dir, 'embedded.tar.gz');
      const result = await backupDatabase({ config: loadConfig({ DATA_DIR: sourceDir }), logger, file });
      expect(result).toMatchObject({ kind: 'pglite', file });
      expect(detectFormat(file)).toBe('pglite');

      // The target already holds a data directory, which the restore sets aside.
      mkdirSync(join(targetDir, 'pglite'), { recursive: true });
      writeFileSync(join(targetDir, 'pglite', 'old-marker'), '');
      await restoreDatabase({ config: loadConfig({ DATA_DIR: targetDir }), logger, file });
      expect(existsSync(join(targetDir, 'pglite.previous', 'old-marker'))).toBe(true);
      expect(existsSync(join(targetDir, 'pglite', 'old-marker'))).toBe(false);

      const [restored, original] = [await openPglite(targetDir), await openPglite(sourceDir)];
      try {
        expect(await read(restored)).toEqual(await read(original));
        expect((await read(restored)).state).toHaveLength(2);
      } finally {
        await restored.close();
        await original.close();
      }
    });

    it('refuses while another process holds the data directory', async () => {
      let holder: ChildProcess | undefined;
      try {
        holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
        writeFileSync(join(targetDir, 'pglite.lock'), String(holder.pid));
        const config = loadConfig({ DATA_DIR: targetDir });
        await expect(restoreDatabase({ config, logger: memoryLogger().logger, file: join(dir, 'embedded.tar.gz') }))
          .rejects.toThrow(/em uso pelo processo/);
        await expect(backupDatabase({ config, logger: memoryLogger().logger, file: join(dir, 'x.tar.gz') }))
          .rejects.toThrow(/em uso pelo processo/);
        expect(readFileSync(join(targetDir, 'pglite.lock'), 'utf8')).toBe(String(holder.pid));
      } finally {
        holder?.kill();
        rmSync(join(targetDir, 'pglite.lock'), { force: true });
      }
    });
  });
});
