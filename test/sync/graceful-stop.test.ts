// Asked to stop (SIGTERM in a worker), a sync finishes and commits the page it is loading or
// waiting for, throws away the page it reads ahead, leaves the run resumable, and counts no failure.
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

  /**
   * A sync of reservas, 50 a page, asked to stop by `stopAt` after its third page: from the third
   * page on, answers take 3 s (a page read ahead is on its way while a page loads), well inside
   * the timeout.
   */
  async function stoppedSync(stopAt: (stop: () => void) => void) {
    const controller = new AbortController();
    let pages = 0;
    const summary = await syncOnce(get().db, sim, {
      resources: ['reservas'],
      env: { CVCRM_PAGE_SIZE: '50', CVCRM_TIMEOUT_MS: '15000' },
      signal: controller.signal,
      observer: {
        onPage() {
          pages++;
          // Page 4 is asked for once page 3 is taken, after this: two slow answers reach it
          // whether or not page 3's request has already been answered.
          if (pages === 2) sim.faults.next('slow', { count: 2, delayMs: 3000 });
          if (pages === 3) stopAt(() => controller.abort(new Error('SIGTERM')));
        },
      },
    });
    sim.faults.clear();
    return summary;
  }

  async function expectInterruptedAfter(pagesDone: number) {
    const { rows } = await get().db.query<{ pages_done: number; consecutive_failures: number; run_id: number | null }>(
      `select pages_done, consecutive_failures, run_id from etl.resource_state where resource = 'reservas'`,
    );
    expect(rows[0]).toMatchObject({ pages_done: pagesDone, consecutive_failures: 0 });
    expect(rows[0]!.run_id).not.toBeNull();
    const { rows: runs } = await get().db.query<{ status: string; pages: number }>(`select status, pages from etl.runs`);
    expect(runs).toEqual([{ status: 'interrupted', pages: pagesDone }]);
  }

  async function expectResumedToTheEnd() {
    const resumed = await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: '50' } });
    expect(resumed.ok).toBe(true);
    const expected = simulatorRecords(sim, 'reservas');
    const actual = await mirrorPayloads(get().db, 'reservas');
    expect(actual.size).toBe(expected.size);
    const { rows: after } = await get().db.query<{ status: string }>(`select status from etl.runs`);
    expect(after.map((r) => r.status)).toEqual(['succeeded']);
  }

  it('commits the page it waits for when the stop arrives, then stops; the next run resumes and completes', async () => {
    // The stop arrives while the loop waits for page 4, slow and on its way.
    const summary = await stoppedSync((stop) => setTimeout(stop, 500));
    expect(summary.ok).toBe(false);
    expect(summary.resources[0]!.error).toMatch(/interrompida; a próxima execução continua/);
    await expectInterruptedAfter(4);
    await expectResumedToTheEnd();
  });

  it('throws away the page read ahead when the stop arrives as a page is committed; the next run reads it again', async () => {
    await get().db.query('truncate cvdw.reservas, public.vendas, etl.resource_state, etl.runs, etl.rejected_records, etl.field_problems');
    // Page 4 was asked for while page 3 loaded: its answer is awaited, then thrown away.
    const summary = await stoppedSync((stop) => stop());
    expect(summary.ok).toBe(false);
    expect(summary.resources[0]!.error).toMatch(/interrompida; a próxima execução continua/);
    await expectInterruptedAfter(3);
    await expectResumedToTheEnd();
  });
});
