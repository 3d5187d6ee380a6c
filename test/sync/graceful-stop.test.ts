// Asked to stop (SIGTERM in a worker), a sync finishes and commits the page in flight, leaves
// the run resumable, and counts no failure.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { mirrorPayloads, simulatorRecords, syncOnce } from '../helpers/sync-harness.ts';

describeEachDatabase('stopping a sync', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 300, seed: 13, today: '2026-11-20', rateLimit: false });
  });
  afterAll(async () => sim.stop());

  it('commits the page in flight, then stops; the next run resumes and completes', async () => {
    const controller = new AbortController();
    let pages = 0;
    const summary = await syncOnce(get().db, sim, {
      resources: ['reservas'],
      env: { CVCRM_PAGE_SIZE: '50' },
      signal: controller.signal,
      observer: {
        onPage() {
          pages++;
          if (pages === 2) {
            // The third page is slow; the stop arrives while it is on its way.
            sim.faults.next('slow', { count: 1, delayMs: 600 });
            setTimeout(() => controller.abort(new Error('SIGTERM')), 150);
          }
        },
      },
    });
    expect(summary.ok).toBe(false);
    expect(summary.resources[0]!.error).toMatch(/interrompida; a próxima execução continua/);
    const { rows } = await get().db.query<{ pages_done: number; consecutive_failures: number; run_id: number | null }>(
      `select pages_done, consecutive_failures, run_id from etl.resource_state where resource = 'reservas'`,
    );
    expect(rows[0]).toMatchObject({ pages_done: 3, consecutive_failures: 0 });
    expect(rows[0]!.run_id).not.toBeNull();
    const { rows: runs } = await get().db.query<{ status: string }>(`select status from etl.runs`);
    expect(runs.map((r) => r.status)).toEqual(['interrupted']);

    const resumed = await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: '50' } });
    expect(resumed.ok).toBe(true);
    const expected = simulatorRecords(sim, 'reservas');
    const actual = await mirrorPayloads(get().db, 'reservas');
    expect(actual.size).toBe(expected.size);
    const { rows: after } = await get().db.query<{ status: string }>(`select status from etl.runs`);
    expect(after.map((r) => r.status)).toEqual(['succeeded']);
  });
});
