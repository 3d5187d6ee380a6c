// A sync killed with SIGKILL at seeded-random points, many times over, then run to the end: the
// database ends equal to an uninterrupted run's, and after every kill the last committed page and
// its checkpoint agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { databaseFingerprint, syncOnce } from '../helpers/sync-harness.ts';
import { cliEnv, runCli, seededRandom } from './helpers.ts';

const PAGE_SIZE = '20';
const KILLS = 8;

describe('kill -9 at random points, resumed', () => {
  let sim: RunningSimulator;
  let reference: Record<string, string>;
  let referencePages = 0;

  beforeAll(async () => {
    sim = await startSimulator({ scale: 220, seed: 21, today: '2026-11-20', rateLimit: false, badRecordRate: 0.01 });
    const referenceDb = await createTestDatabase('postgres');
    try {
      const summary = await syncOnce(referenceDb.db, sim, { env: { CVCRM_PAGE_SIZE: PAGE_SIZE } });
      expect(summary.ok).toBe(true);
      reference = await databaseFingerprint(referenceDb.db);
      referencePages = summary.resources.reduce((sum, r) => sum + r.pages, 0);
    } finally {
      await referenceDb.dispose();
    }
  });
  afterAll(async () => sim.stop());

  it(`on PostgreSQL: ${KILLS} kills at seeded-random pages, then a run to the end equals an uninterrupted run`, async () => {
    expect(referencePages).toBeGreaterThan(60);
    const random = seededRandom(20261120);
    // Increasing page counts spread over the whole sync, and a random delay after each so some
    // kills land between a page's request and its commit.
    const points = Array.from({ length: KILLS }, () => Math.floor(random() * referencePages))
      .sort((a, b) => a - b)
      .map((pages, i) => ({ pages: Math.max(1, pages + i), delayMs: Math.floor(random() * 40) }));
    const target: TestDatabase = await createTestDatabase('postgres');
    try {
      let killedMidRun = 0;
      for (const point of points) {
        const run = runCli(cliEnv(sim, { DATABASE_URL: target.url!, CVCRM_PAGE_SIZE: PAGE_SIZE }));
        for (;;) {
          if (run.exited()) break;
          const { rows } = await target.db.query<{ pages: number }>(
            `select coalesce(sum(pages), 0)::int as pages from etl.runs`,
          ).catch(() => ({ rows: [{ pages: 0 }] }));
          if (rows[0]!.pages >= point.pages) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await new Promise((r) => setTimeout(r, point.delayMs));
        run.kill();
        const outcome = await run.promise;
        expect(outcome.signal === 'SIGKILL' || outcome.code === 0, outcome.stderr).toBe(true);

        // A page and its checkpoint commit together: the pages counted on the open run equal
        // the pages its checkpoint records.
        const { rows: state } = await target.db.query<{ resource: string; pages_done: number; run_pages: number }>(
          `select s.resource, s.pages_done, r.pages as run_pages
           from etl.resource_state s join etl.runs r on r.id = s.run_id
           where s.run_id is not null`,
        ).catch(() => ({ rows: [] as { resource: string; pages_done: number; run_pages: number }[] }));
        for (const row of state) expect(row.pages_done, row.resource).toBe(row.run_pages);
        if (state.length > 0) killedMidRun++;
      }
      expect(killedMidRun).toBeGreaterThanOrEqual(KILLS - 2);

      const last = runCli(cliEnv(sim, { DATABASE_URL: target.url!, CVCRM_PAGE_SIZE: PAGE_SIZE }));
      const outcome = await last.promise;
      expect(outcome.code, outcome.stderr + outcome.stdout.slice(-2000)).toBe(0);
      expect(await databaseFingerprint(target.db)).toEqual(reference);
      // Nothing is left half-done: no open run, no lease.
      const { rows: open } = await target.db.query<{ n: number }>(
        `select count(*)::int as n from etl.resource_state where run_id is not null or locked_by is not null`,
      );
      expect(open[0]!.n).toBe(0);
    } finally {
      await target.dispose();
    }
  }, 110_000);
});
