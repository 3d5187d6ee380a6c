// PostgreSQL restarted in the middle of a sync, on a private server (the shared one stays up for
// the other tests). The sync runs as the CLI in a child process, as in production.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { CORE } from '../helpers/sync-harness.ts';
import { cliEnv, expectMirrorEqualsSimulator, runCli, type CliRun } from './helpers.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';

const unavailable = privatePostgresUnavailable();
if (unavailable) console.warn(`PostgreSQL restart tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('PostgreSQL restarted mid-sync', () => {
  let server: PrivatePostgres;
  let sim: RunningSimulator;
  let counter = 0;
  let current: { db: Database; url: string } | undefined;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    // Every answer is held back a little, so the sync is still running when the restart comes.
    sim = await startSimulator({ scale: 300, seed: 31, today: '2026-11-20', rateLimit: false });
  }, 90_000);
  afterAll(async () => {
    await sim?.stop();
    await server?.destroy();
  });
  afterEach(async () => {
    await current?.db.close().catch(() => undefined);
    current = undefined;
  });

  async function freshDatabase(): Promise<{ db: Database; url: string }> {
    const name = `cvcrm_etl_${counter++}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/${name}`);
    const db = openPostgres({ url, poolSize: 2 });
    await migrate(db);
    current = { db, url };
    return current;
  }

  /** Starts the CLI sync and restarts the server once `pages` pages are committed. */
  async function syncThroughRestart(url: string, db: Database, pages: number): Promise<{ run: CliRun; restartedAt: number }> {
    sim.faults.mix({ rateSlow: 1, slowMs: 25 });
    const run = runCli(cliEnv(sim, { DATABASE_URL: url, CVCRM_PAGE_SIZE: '10', CVCRM_MAX_RETRIES: '8' }));
    let committed = 0;
    while (!run.exited()) {
      const { rows } = await db.query<{ pages: number }>('select coalesce(sum(pages), 0)::int as pages from etl.runs');
      committed = rows[0]!.pages;
      if (committed >= pages) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(run.exited(), 'the sync ended before the restart').toBe(false);
    await server.restart(1000);
    return { run, restartedAt: committed };
  }

  it('a sync caught by the restart loses nothing, and the next run completes with every record', async () => {
    const { db, url } = await freshDatabase();
    const { run, restartedAt } = await syncThroughRestart(url, db, 25);
    expect(restartedAt).toBeGreaterThanOrEqual(25);
    const first = await run.promise;
    sim.faults.mix(null);
    const again = runCli(cliEnv(sim, { DATABASE_URL: url, CVCRM_PAGE_SIZE: '10' }));
    const second = await again.promise;
    expect(second.code, `first run: exit ${first.code}\n${first.stderr.slice(-1500)}\nsecond run:\n${second.stderr.slice(-1500)}`).toBe(0);
    await expectMirrorEqualsSimulator(db, sim, CORE);
  }, 100_000);

  // Connection failures are waited out (src/db/retrying-database.ts): the run itself completes.
  it('rides through the restart in a single run', async () => {
    const { db, url } = await freshDatabase();
    const { run } = await syncThroughRestart(url, db, 25);
    const outcome = await run.promise;
    sim.faults.mix(null);
    expect(outcome.code, outcome.stderr.slice(-1500) + outcome.stdout.slice(-1500)).toBe(0);
    await expectMirrorEqualsSimulator(db, sim, CORE);
  }, 100_000);
});
