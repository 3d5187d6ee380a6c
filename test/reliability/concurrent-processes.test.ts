// Syncs in separate processes (two CLI processes and one in the test's process) on one
// PostgreSQL database: the request budget is shared through the database (the simulator's limit
// equals the budget, so a single 429 would mean it was exceeded), runs of one resource never
// overlap, and the database ends equal to the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { syncOnce } from '../helpers/sync-harness.ts';
import { cliEnv, expectMirrorEqualsSimulator, expectOneFullReadEach, overlappingRuns, peakInWindow, runCli } from './helpers.ts';

describe('concurrent syncs in separate processes', () => {
  // The CLI's budget window is the real minute: the limit is set so that the three syncs need a
  // little more than one window's worth of requests.
  const LIMIT = 20;
  let sim: RunningSimulator;
  let target: TestDatabase;

  beforeAll(async () => {
    sim = await startSimulator({ scale: 100, seed: 52, today: '2026-11-20', rateLimit: { limit: LIMIT, windowMs: 60_000, lockoutMs: 60_000 } });
    target = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await target?.dispose();
    await sim.stop();
  });

  it('two CLI processes and one in-process sync share the budget and the leases', async () => {
    const env = cliEnv(sim, { DATABASE_URL: target.url!, CVCRM_REQUESTS_PER_MINUTE: String(LIMIT), CVCRM_PAGE_SIZE: '100' });
    const children = [runCli(env), runCli(env)];
    const own = openPostgres({ url: target.url!, poolSize: 3 });
    try {
      const inProcess = await syncOnce(own, sim, { env: { CVCRM_REQUESTS_PER_MINUTE: String(LIMIT), CVCRM_PAGE_SIZE: '100' } });
      const outcomes = await Promise.all(children.map((c) => c.promise));
      for (const o of outcomes) expect(o.code, o.stderr + o.stdout.slice(-1500)).toBe(0);
      expect(inProcess.ok).toBe(true);
    } finally {
      await own.close();
    }
    const total = sim.requests.log.length;
    expect(total, 'more requests than one window allows, so the budget had to hold them back').toBeGreaterThan(LIMIT);
    expect(sim.requests.count({ status: 429 })).toBe(0);
    expect(peakInWindow(sim.requests.log.map((e) => e.at), 60_000)).toBeLessThanOrEqual(LIMIT);
    expect(await overlappingRuns(target.db)).toBe(0);
    await expectOneFullReadEach(target.db, sim, 3);
    await expectMirrorEqualsSimulator(target.db, sim);
  }, 110_000);
});
