// The request budget is shared through the database: two budgets (two processes) together never
// exceed the limit, and a 429 pause stops both.
import { expect, it } from 'vitest';
import { createDatabaseBudget } from '../../src/cvdw/request-budget.ts';
import { tryTakeRequestSlot } from '../../src/db/queries/request-budget.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('the shared request budget', (get) => {
  it('lets at most the limit through per window, across handles', async () => {
    const other = get().url ? openPostgres({ url: get().url!, poolSize: 2 }) : get().db;
    try {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => tryTakeRequestSlot(i % 2 ? other : get().db, 'cred-a', 6, 60_000)));
      expect(results.filter((r) => r === 0)).toHaveLength(6);
      expect(results.filter((r) => r > 0 && r <= 60_000)).toHaveLength(4);
      // Another credential has its own budget.
      expect(await tryTakeRequestSlot(get().db, 'cred-b', 6, 60_000)).toBe(0);
    } finally {
      if (other !== get().db) await other.close();
    }
  });

  it('waits out a 429 pause in every process', async () => {
    const waits: [number, string][] = [];
    const sleeps: number[] = [];
    const make = () => createDatabaseBudget({
      db: get().db, credential: 'cred-c', limit: 100, windowMs: 1000,
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
});
