// The request budget is shared through the database: two budgets (two processes) together never
// exceed the limit, a 429 pause stops both, and no pause lasts more than 10 minutes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCvdwClient } from '../../src/cvdw/client.ts';
import { createSharedBudget, credentialId } from '../../src/cvdw/request-budget.ts';
import { MAX_RATE_LIMIT_PAUSE_MS as MAX } from '../../src/cvdw/retry-policy.ts';
import { readPausedUntil, tryTakeRequestSlot } from '../../src/db/queries/request-budget.ts';
import { requestLedger } from '../../src/db/queries/request-ledger.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

/** Milliseconds from now until the stored pause ends (negative once over). */
async function pauseLeftMs(db: Parameters<typeof readPausedUntil>[0], credential: string): Promise<number> {
  const until = await readPausedUntil(db, credential);
  return until === null ? Number.NEGATIVE_INFINITY : until.getTime() - Date.now();
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ scale: 20, seed: 3, today: '2026-11-20', rateLimit: { limit: 1000, retryAfterHeader: true } });
});
afterAll(async () => {
  await sim.stop();
});

describeEachDatabase('the shared request budget', (get) => {
  it('lets at most the limit through per window, across handles', async () => {
    const other = get().url ? openPostgres({ url: get().url!, poolSize: 2 }) : get().db;
    try {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => tryTakeRequestSlot(i % 2 ? other : get().db, 'cred-a', 6, 60_000, MAX)));
      expect(results.filter((r) => r === 0)).toHaveLength(6);
      expect(results.filter((r) => r > 0 && r <= 60_000)).toHaveLength(4);
      // Another credential has its own budget.
      expect(await tryTakeRequestSlot(get().db, 'cred-b', 6, 60_000, MAX)).toBe(0);
    } finally {
      if (other !== get().db) await other.close();
    }
  });

  it('waits out a 429 pause in every process', async () => {
    const waits: [number, string][] = [];
    const sleeps: number[] = [];
    const make = () => createSharedBudget({
      slots: requestLedger(get().db).slots, credential: 'cred-c', limit: 100, windowMs: 1000,
      onWait: (ms, reason) => waits.push([ms, reason]),
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    const a = make();
    const b = make();
    await a.acquire();
    await a.pause(300);
    const started = Date.now();
    await b.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(waits[0]?.[1]).toBe('pause');
  });

  it('reports a 429 pause as a wait, with its length, before anyone sleeps', async () => {
    const waits: [number, string][] = [];
    const budget = createSharedBudget({ slots: requestLedger(get().db).slots, credential: 'cred-d', limit: 100, onWait: (ms, reason) => waits.push([ms, reason]) });
    await budget.pause(90_000);
    expect(waits).toEqual([[90_000, 'pause']]);
    await budget.pause(86_400_000);
    expect(waits[1]).toEqual([MAX, 'pause']);
    expect(await pauseLeftMs(get().db, 'cred-d')).toBeLessThanOrEqual(MAX);
  });

  it('shortens a pause stored far ahead (before pauses were capped) to 10 minutes, once', async () => {
    await get().db.query(`insert into etl.api_pause (credential, paused_until) values ('cred-e', now() + interval '3 days')`);
    const waited = -(await tryTakeRequestSlot(get().db, 'cred-e', 100, 60_000, MAX));
    expect(waited).toBeGreaterThan(MAX - 5_000);
    expect(waited).toBeLessThanOrEqual(MAX);
    const left = await pauseLeftMs(get().db, 'cred-e');
    expect(left).toBeLessThanOrEqual(MAX);
    // A second reading does not push the end further: the pause does run out.
    await new Promise((r) => setTimeout(r, 50));
    expect(await pauseLeftMs(get().db, 'cred-e')).toBeLessThan(left);
    // A new 429 cannot lengthen it past the cap either.
    await createSharedBudget({ slots: requestLedger(get().db).slots, credential: 'cred-e', limit: 100 }).pause(7 * 86_400_000);
    expect(await pauseLeftMs(get().db, 'cred-e')).toBeLessThanOrEqual(MAX);
  });

  it('stores at most 10 minutes when the API answers 429 with Retry-After: 86400', async () => {
    const credential = credentialId(DEMO_CREDENTIALS.email, sim.url);
    const waits: [number, string][] = [];
    const slept: number[] = [];
    const stop = new Error('stop before the second attempt');
    const client = createCvdwClient({
      baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token, timeoutMs: 2000, maxRetries: 3,
      budget: createSharedBudget({ slots: requestLedger(get().db).slots, credential, limit: 100, onWait: (ms, reason) => waits.push([ms, reason]) }),
      sleep: async (ms) => {
        slept.push(ms);
        throw stop;
      },
    });
    sim.faults.lockout(86_400_000);
    try {
      await expect(client.fetchPage('reservas', '/api/v1/cvdw/reservas', { pagina: 1, registrosPorPagina: 10 })).rejects.toBe(stop);
    } finally {
      sim.resetRateLimit();
    }
    expect(sim.requests.count({ status: 429 })).toBeGreaterThanOrEqual(1);
    expect(slept).toEqual([MAX]);
    expect(waits).toEqual([[MAX, 'pause']]);
    const left = await pauseLeftMs(get().db, credential);
    expect(left).toBeGreaterThan(MAX - 10_000);
    expect(left).toBeLessThanOrEqual(MAX);
  });
});
