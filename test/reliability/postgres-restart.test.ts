// PostgreSQL restarted in the middle of a sync, on a private server (the shared one stays up for
// the other tests): the sync rides through the restart and the database ends with every record.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { CORE, syncOnce } from '../helpers/sync-harness.ts';
import { expectMirrorEqualsSimulator } from './helpers.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';

const unavailable = privatePostgresUnavailable();
if (unavailable) console.warn(`PostgreSQL restart test skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('PostgreSQL restarted mid-sync', () => {
  let server: PrivatePostgres;
  let sim: RunningSimulator;
  let db: Database;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database cvcrm_etl');
    await admin.end();
    db = openPostgres({ url: server.url.replace(/\/postgres$/, '/cvcrm_etl'), poolSize: 4 });
    await migrate(db);
    sim = await startSimulator({ scale: 300, seed: 31, today: '2026-11-20', rateLimit: false });
  }, 90_000);

  afterAll(async () => {
    await db?.close().catch(() => undefined);
    await sim?.stop();
    await server?.destroy();
  });

  it('retries through a fast restart and completes with every record', async () => {
    let pages = 0;
    let restarting: Promise<void> | undefined;
    let restartedAtPage = 0;
    const summary = await syncOnce(db, sim, {
      // 40 requests a second: long enough for the restart to land in the middle.
      env: { CVCRM_PAGE_SIZE: '20', CVCRM_REQUESTS_PER_MINUTE: '40' },
      tuning: { budgetWindowMs: 1000 },
      observer: {
        onPage() {
          pages++;
          if (pages === 25 && restarting === undefined) {
            restartedAtPage = pages;
            restarting = server.restart(1000);
          }
        },
      },
    });
    await restarting;
    expect(restartedAtPage).toBe(25);
    const failed = summary.resources.filter((r) => r.status !== 'succeeded');
    expect(failed, JSON.stringify(failed)).toEqual([]);
    await expectMirrorEqualsSimulator(db, sim, CORE);
  }, 90_000);
});
