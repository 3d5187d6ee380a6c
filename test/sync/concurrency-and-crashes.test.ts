// Two syncs at once share the request budget and never sync one resource together; a sync killed
// with SIGKILL at any point resumes to the same database as an uninterrupted run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCES } from '../../src/cvdw/catalog/index.ts';
import { openPglite } from '../../src/db/pglite-database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { CORE, databaseFingerprint, mirrorPayloads, simulatorRecords, syncOnce } from '../helpers/sync-harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');

describeEachDatabase('two syncs at once', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 150, seed: 3, today: '2026-11-20', rateLimit: { limit: 12, windowMs: 1000, lockoutMs: 2000 } });
  });
  afterAll(async () => sim.stop());

  it('stay inside one request budget and never sync the same resource together', async () => {
    const second = get().url ? openPostgres({ url: get().url!, poolSize: 3 }) : get().db;
    const options = { env: { CVCRM_REQUESTS_PER_MINUTE: '12', CVCRM_PAGE_SIZE: '100' }, tuning: { budgetWindowMs: 1000 } };
    const [a, b] = await Promise.all([syncOnce(get().db, sim, options), syncOnce(second, sim, options)]);
    if (second !== get().db) await second.close();
    expect(a.ok && b.ok).toBe(true);
    expect(sim.requests.count({ status: 429 })).toBe(0);
    for (const resource of CORE) {
      const expected = simulatorRecords(sim, resource);
      const actual = await mirrorPayloads(get().db, resource);
      expect(actual.size, resource).toBe(expected.size);
    }
    const { rows } = await get().db.query<{ overlaps: number }>(
      `select count(*)::int as overlaps from etl.runs x join etl.runs y
         on x.resource = y.resource and x.id < y.id and y.started_at < x.finished_at and x.started_at < y.finished_at`,
    );
    expect(rows[0]!.overlaps).toBe(0);
  });
});

function runCli(env: Record<string, string>, killAfterLines = Infinity): { promise: Promise<number | null>; kill: () => void; pid: number | undefined } {
  const child = spawn(process.execPath, [BIN, 'sync'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Plain progress lines (one per committed page: "reservas: 1.500 de 10.000 registros (15%) · …")
  // say how far the child got.
  let progressLines = 0;
  child.stdout.on('data', (d: Buffer) => {
    progressLines += d.toString().split('\n').filter((l) => /^\S+: [\d.]+ (de (pelo menos )?[\d.]+ )?registros( \(|$| ·)/.test(l)).length;
    if (progressLines >= killAfterLines) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const promise = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL') console.error(stderr);
    resolve(code);
  }));
  return { promise, kill: () => child.kill('SIGKILL'), pid: child.pid };
}

describe('kill -9 at any point, then resume', () => {
  let sim: RunningSimulator;
  let reference: Record<string, string>;
  let referenceDb: TestDatabase;
  const cliEnv = (extra: Record<string, string>) => ({
    CVCRM_API_EMAIL: DEMO_CREDENTIALS.email,
    CVCRM_API_TOKEN: DEMO_CREDENTIALS.token,
    CVCRM_BASE_URL: sim.url,
    CVCRM_PAGE_SIZE: '20',
    CVCRM_REQUESTS_PER_MINUTE: '6000',
    LOG_LEVEL: 'silent',
    ...extra,
  });

  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 5, today: '2026-11-20', rateLimit: false });
    referenceDb = await createTestDatabase('pglite');
    // The default set, funnel included, as the CLI runs below read it (CVCRM_RESOURCES unset).
    const summary = await syncOnce(referenceDb.db, sim, { resources: [...DEFAULT_RESOURCES], env: { CVCRM_PAGE_SIZE: '20' } });
    expect(summary.ok).toBe(true);
    reference = await databaseFingerprint(referenceDb.db);
  });
  afterAll(async () => {
    await referenceDb.dispose();
    await sim.stop();
  });

  it('on PostgreSQL: resumes from the last committed page and ends identical', async () => {
    const target = await createTestDatabase('postgres');
    try {
      let killedMidRun = 0;
      for (const killAfterPages of [2, 17, 60, 110]) {
        const run = runCli(cliEnv({ DATABASE_URL: target.url! }));
        for (;;) {
          const { rows } = await target.db.query<{ pages: number }>('select coalesce(sum(pages), 0)::int as pages from etl.runs');
          if (rows[0]!.pages >= killAfterPages) break;
          if (await Promise.race([run.promise.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))])) break;
        }
        run.kill();
        await run.promise;
        const { rows } = await target.db.query<{ n: number }>('select count(*)::int as n from etl.resource_state where run_id is not null');
        if (rows[0]!.n > 0) killedMidRun++;
      }
      expect(killedMidRun).toBeGreaterThanOrEqual(3);
      const finalRun = runCli(cliEnv({ DATABASE_URL: target.url! }));
      expect(await finalRun.promise).toBe(0);
      expect(await databaseFingerprint(target.db)).toEqual(reference);
    } finally {
      await target.dispose();
    }
  });

  it('on the embedded database: resumes and ends identical', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-kill-'));
    try {
      let killedMidRun = 0;
      for (const killAfterLines of [3, 45]) {
        const run = runCli(cliEnv({ DATA_DIR: dataDir }), killAfterLines);
        await run.promise;
        const db = await openPglite(dataDir);
        const { rows } = await db.query<{ n: number }>('select count(*)::int as n from etl.resource_state where run_id is not null');
        await db.close();
        if (rows[0]!.n > 0) killedMidRun++;
      }
      expect(killedMidRun).toBe(2);
      const finalRun = runCli(cliEnv({ DATA_DIR: dataDir }));
      expect(await finalRun.promise).toBe(0);
      const db = await openPglite(dataDir);
      try {
        expect(await databaseFingerprint(db)).toEqual(reference);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000); // three processes each open the embedded database: slow on a busy machine
});
