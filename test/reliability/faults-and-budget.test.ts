// A sync through a mix of faults (503s, hangs, invalid JSON, resets, truncated bodies) and 429
// storms completes with every record, and never sends more requests in any window than the
// budget allows: the simulator's limit equals the budget, so only the storms answer 429.
import { afterEach, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CORE, syncOnce } from '../helpers/sync-harness.ts';
import { expectMirrorEqualsSimulator, peakInWindow } from './helpers.ts';

const LIMIT = 20;
const WINDOW_MS = 1000;

describeEachDatabase('faults, 429 storms and the request budget', (get) => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('completes with every record and never goes over the budget', async () => {
    const s = (sim = await startSimulator({
      scale: 250, seed: 41, today: '2026-11-20',
      rateLimit: { limit: LIMIT, windowMs: WINDOW_MS, lockoutMs: 1500, retryAfterHeader: false },
    }));
    s.faults.mix({ rate503: 0.05, rateHang: 0.01, rateInvalidJson: 0.02, rateReset: 0.02, rateTruncated: 0.01, seed: 9 });
    const storms: { from: number; to: number }[] = [];
    let pages = 0;
    const summary = await syncOnce(get().db, s, {
      env: { CVCRM_PAGE_SIZE: '40', CVCRM_REQUESTS_PER_MINUTE: String(LIMIT), CVCRM_TIMEOUT_MS: '400', CVCRM_MAX_RETRIES: '12' },
      tuning: { budgetWindowMs: WINDOW_MS, rateLimitPauseMs: 300 },
      observer: {
        onPage() {
          pages++;
          // Three storms of 429s, at the start, the middle and near the end of the run.
          if (pages === 3 || pages === 20 || pages === 45) {
            const ms = 700;
            storms.push({ from: Date.now(), to: Date.now() + ms });
            s.faults.lockout(ms);
          }
          // On top of the random mix, each kind surely at least once.
          if (pages === 8) s.faults.next('invalid-json');
          if (pages === 12) s.faults.next('hang');
          if (pages === 16) s.faults.next('reset');
          if (pages === 30) s.faults.next('503', { count: 3 });
        },
      },
    });
    s.faults.mix(null);
    expect(summary.ok, JSON.stringify(summary.resources.filter((r) => r.status !== 'succeeded'))).toBe(true);
    expect(storms).toHaveLength(3);

    const log = s.requests.log;
    const faults = new Map<string, number>();
    for (const entry of log) if (entry.fault) faults.set(entry.fault, (faults.get(entry.fault) ?? 0) + 1);
    // The mix really happened: every kind of fault at least once.
    for (const kind of ['503', 'hang', 'invalid-json', 'reset']) expect(faults.get(kind) ?? 0, kind).toBeGreaterThan(0);

    // Never more requests in any window than the limit (the budget's own window is a little
    // longer than the server's, so this holds for every request sent, 429s included).
    expect(log.length, 'enough requests for the budget to bind').toBeGreaterThan(3 * LIMIT);
    expect(peakInWindow(log.map((e) => e.at), WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
    // Every 429 came from a storm, none from going over the limit.
    const tooMany = log.filter((e) => e.status === 429);
    expect(tooMany.length).toBeGreaterThan(0);
    for (const entry of tooMany) {
      expect(storms.some((st) => entry.at >= st.from - 50 && entry.at <= st.to + 50), `429 at ${entry.at} outside every storm`).toBe(true);
    }
    // After a 429 the client pauses: no burst of 429s (a handful per storm at most).
    expect(tooMany.length).toBeLessThanOrEqual(storms.length * 4);

    await expectMirrorEqualsSimulator(get().db, s, CORE);
  }, 100_000);
});
