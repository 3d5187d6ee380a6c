// Two and three syncs at once on one PostgreSQL database, each with a pool of its own: one
// request budget for all of them (the simulator's limit equals the budget, so a single 429 would
// mean it was exceeded), runs of one resource never overlap, and the database ends equal to the
// simulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { syncOnce } from '../helpers/sync-harness.ts';
import { expectMirrorEqualsSimulator, expectOneFullReadEach, overlappingRuns, peakInWindow } from './helpers.ts';

describe('concurrent syncs in one process, separate pools', () => {
  const LIMIT = 12;
  let sim: RunningSimulator;
  let target: TestDatabase;
  const pools: Database[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 51, today: '2026-11-20', rateLimit: { limit: LIMIT, windowMs: 1000, lockoutMs: 2000 } });
  });
  afterAll(async () => sim.stop());
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close().catch(() => undefined)));
    await target?.dispose();
  });

  for (const count of [2, 3]) {
    it(`${count} syncs at once hold one budget, never overlap on a resource, and end equal to the simulator`, async () => {
      target = await createTestDatabase('postgres');
      sim.requests.reset();
      sim.resetRateLimit();
      for (let i = 0; i < count; i++) pools.push(openPostgres({ url: target.url!, poolSize: 3 }));
      const options = { env: { CVCRM_REQUESTS_PER_MINUTE: String(LIMIT), CVCRM_PAGE_SIZE: '50' }, tuning: { budgetWindowMs: 1000 } };
      const summaries = await Promise.all(pools.map((db) => syncOnce(db, sim, options)));
      for (const s of summaries) expect(s.ok, JSON.stringify(s.resources.filter((r) => r.status !== 'succeeded'))).toBe(true);
      expect(sim.requests.count({ status: 429 })).toBe(0);
      expect(peakInWindow(sim.requests.log.map((e) => e.at), 1000)).toBeLessThanOrEqual(LIMIT);
      expect(sim.requests.log.length, 'enough requests for the budget to bind').toBeGreaterThan(2 * LIMIT);
      expect(await overlappingRuns(target.db)).toBe(0);
      await expectOneFullReadEach(target.db, sim, count);
      await expectMirrorEqualsSimulator(target.db, sim);
    }, 60_000);
  }
});
