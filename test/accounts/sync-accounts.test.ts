// Several accounts in one warehouse, each read from its own simulator (its own data, its own rate
// limit): each account's rows equal its own simulator's, the accounts progress in parallel, and
// one account with a wrong token fails alone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { runAccounts } from '../../src/sync/run-accounts.ts';
import { formatAccountsSummary } from '../../src/sync/sync-output.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { ACCOUNT_RESOURCES as RESOURCES, accountsEnv, FAST_TUNING, mirrorPayloads, simulatorRecords } from '../helpers/sync-harness.ts';

const WRONG_TOKEN = 'f'.repeat(40);

function sourceOf(account: Config['accounts'][number]) {
  return { baseUrl: account.baseUrl!, email: account.email!, token: account.token! };
}

describeEachDatabase('several accounts, each from its own simulator', (get) => {
  let norte: RunningSimulator;
  let sul: RunningSimulator;
  let leste: RunningSimulator;
  beforeAll(async () => {
    [norte, sul, leste] = await Promise.all([
      startSimulator({ seed: 11, scale: 150, today: '2026-11-20', rateLimit: false }),
      startSimulator({ seed: 23, scale: 90, today: '2026-11-20', rateLimit: { limit: 400, windowMs: 1000 } }),
      startSimulator({ seed: 37, scale: 60, today: '2026-11-20', rateLimit: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([norte?.stop(), sul?.stop(), leste?.stop()]);
  });

  it('loads each account from its own simulator, rows apart, in parallel at each account\'s own limit', async () => {
    // A budget window of 1 s makes the limits bite in a test: each account is paced by its own.
    const config = loadConfig(accountsEnv([
      { name: 'norte', sim: norte, requestsPerMinute: 12 },
      { name: 'sul', sim: sul, requestsPerMinute: 8 },
    ]));
    const started = performance.now();
    const summary = await runAccounts(
      { db: get().db, config, sourceFor: sourceOf, tuning: { ...FAST_TUNING, budgetWindowMs: 1000 } },
      { full: true },
    );
    const wall = (performance.now() - started) / 1000;
    expect(summary.ok, formatAccountsSummary(summary)).toBe(true);
    expect(summary.accounts.map((a) => a.conta)).toEqual(['norte', 'sul']);
    for (const { conta, summary: s } of summary.accounts) {
      expect(s.conta).toBe(conta);
      for (const r of s.resources) expect(r.conta, r.resource).toBe(conta);
    }
    for (const [conta, sim] of [['norte', norte], ['sul', sul]] as const) {
      for (const resource of RESOURCES) {
        const expected = simulatorRecords(sim, resource);
        const actual = await mirrorPayloads(get().db, resource, conta);
        expect(actual.size, `${conta} ${resource}`).toBe(expected.size);
        for (const [key, record] of expected) expect(actual.get(key), `${conta} ${resource} ${key}`).toEqual(record);
      }
    }
    // The two simulators' keys overlap (both number from 1): only (conta, referencia) keeps both.
    const overlap = [...simulatorRecords(norte, 'distratos').keys()].filter((k) => simulatorRecords(sul, 'distratos').has(k));
    expect(overlap.length).toBeGreaterThan(0);
    // Each account was paced by its own budget: the run took about the slower one, not the sum.
    const [a, b] = summary.accounts.map((x) => x.summary.seconds) as [number, number];
    expect(Math.min(a, b)).toBeGreaterThan(1);
    expect(wall).toBeLessThan(0.8 * (a + b));
    // The bookkeeping is per account too.
    const { rows } = await get().db.query<{ conta: string; n: number }>(
      `select conta, count(*)::int as n from etl.resource_state where last_success_at is not null group by conta order by conta`,
    );
    expect(rows).toEqual([{ conta: 'norte', n: RESOURCES.length }, { conta: 'sul', n: RESOURCES.length }]);
  });

  it('an account with a wrong token fails alone; the others complete and the summary names it', async () => {
    const config = loadConfig(accountsEnv([
      { name: 'norte', sim: norte, requestsPerMinute: 6000 },
      { name: 'sul', sim: sul, requestsPerMinute: 6000, token: WRONG_TOKEN },
      { name: 'leste', sim: leste, requestsPerMinute: 6000 },
    ]));
    const changed = String(norte.data.snapshot('distratos')[0]!.referencia);
    norte.clock.advance(60_000);
    norte.data.update('distratos', changed, { motivo_distrato: 'Alterado' });
    const summary = await runAccounts({ db: get().db, config, sourceFor: sourceOf, tuning: FAST_TUNING }, { full: true });
    expect(summary.ok).toBe(false);
    const by = new Map(summary.accounts.map((a) => [a.conta, a.summary]));
    expect(by.get('norte')!.ok).toBe(true);
    expect(by.get('leste')!.ok).toBe(true);
    expect(by.get('sul')!.ok).toBe(false);
    expect(by.get('sul')!.resources.every((r) => r.status !== 'succeeded')).toBe(true);
    for (const resource of RESOURCES) {
      const expected = simulatorRecords(leste, resource);
      expect((await mirrorPayloads(get().db, resource, 'leste')).size, resource).toBe(expected.size);
      // The failed account keeps what it had; nothing of it was marked deleted by the others.
      expect((await mirrorPayloads(get().db, resource, 'sul')).size, resource).toBe(simulatorRecords(sul, resource).size);
    }
    expect((await mirrorPayloads(get().db, 'distratos', 'norte')).get(changed)).toMatchObject({ motivo_distrato: 'Alterado' });
    const text = formatAccountsSummary(summary);
    expect(text).toMatch(/== conta sul ==/);
    expect(text).toMatch(/contas com falha: sul\n/);
    const { rows } = await get().db.query<{ conta: string; failures: number }>(
      `select conta, max(consecutive_failures)::int as failures from etl.resource_state group by conta order by conta`,
    );
    expect(rows).toEqual([{ conta: 'leste', failures: 0 }, { conta: 'norte', failures: 0 }, { conta: 'sul', failures: 1 }]);
  });
});
