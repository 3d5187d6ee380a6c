// Three real `cvcrm-etl worker` processes on one PostgreSQL, three accounts each served by its own
// simulator (different data, different rate limits, one with a wrong token). The tick's units are
// each finished exactly once; a worker killed with SIGKILL mid-unit loses nothing, another takes
// its unit over when the lease lapses; every good account's mirror equals its simulator; the bad
// account fails alone and is named by /health and labelled in /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import { credentialId } from '../../src/cvdw/request-budget.ts';
import type { Queryable } from '../../src/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { createHealthCheck } from '../../src/ops/health.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { quoteIdent } from '../../src/db/ddl/mirror-ddl.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { simulatorRecords } from '../helpers/sync-harness.ts';
import { runCli, type CliRun } from '../reliability/helpers.ts';

const RESOURCES = ['vendas', 'distratos'];
const LEASE_SECONDS = 3;

async function mirrorOf(db: Queryable, conta: string, resource: string): Promise<Map<string, unknown>> {
  const { rows } = await db.query<{ referencia: string; payload: unknown }>(
    `select referencia, payload from cvdw.${quoteIdent(getResource(resource).table)} where conta = $1 and deleted_at is null`,
    [conta],
  );
  return new Map(rows.map((r) => [r.referencia, r.payload]));
}

async function units(db: Queryable) {
  const { rows } = await db.query<{ conta: string; resource: string; state: string; holder: string | null; attempts: number }>(
    'select conta, resource, state, holder, attempts from etl.work_units order by conta, resource',
  );
  return rows;
}

/** The pid in a holder `host:pid:random`. */
const pidOf = (holder: string | null): number => Number(holder?.split(':')[1]);

const waitFor = async (check: () => Promise<boolean>, ms: number): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('three worker processes, three accounts, one PostgreSQL', () => {
  let database: TestDatabase;
  const sims: Record<string, RunningSimulator> = {};
  const workers: CliRun[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    sims.leste = await startSimulator({ scale: 40, seed: 11, today: '2026-11-20', rateLimit: false });
    sims.oeste = await startSimulator({ scale: 60, seed: 12, today: '2026-11-20', rateLimit: false });
    sims.errada = await startSimulator({ scale: 20, seed: 13, today: '2026-11-20', rateLimit: false });
    env = {
      DATABASE_URL: database.url!,
      LOG_LEVEL: 'silent',
      // One tick, long past: the worker that starts first claims it as missed and creates its units.
      SYNC_CRON: '0 0 1 1 *', SYNC_TIMEZONE: 'UTC',
      WORK_UNIT_LEASE_SECONDS: String(LEASE_SECONDS),
      CVCRM_TIMEOUT_MS: '5000', CVCRM_MAX_RETRIES: '2',
      CVCRM_ACCOUNTS: 'leste,oeste,errada',
      CVCRM_LESTE_BASE_URL: sims.leste.url, CVCRM_LESTE_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_LESTE_API_TOKEN: DEMO_CREDENTIALS.token,
      // Slow enough for a unit to be caught mid-run.
      CVCRM_LESTE_REQUESTS_PER_MINUTE: '120', CVCRM_LESTE_RESOURCES: RESOURCES.join(','),
      CVCRM_OESTE_BASE_URL: sims.oeste.url, CVCRM_OESTE_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_OESTE_API_TOKEN: DEMO_CREDENTIALS.token,
      CVCRM_OESTE_REQUESTS_PER_MINUTE: '240', CVCRM_OESTE_RESOURCES: RESOURCES.join(','),
      CVCRM_ERRADA_BASE_URL: sims.errada.url, CVCRM_ERRADA_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_ERRADA_API_TOKEN: 'token-errado',
      CVCRM_ERRADA_RESOURCES: RESOURCES.join(','),
    };
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (!w.exited()) w.kill();
    await Promise.all(workers.map((w) => w.promise));
    await Promise.all(Object.values(sims).map((s) => s.stop()));
    await database?.dispose();
  });

  it('finishes every unit once, survives a kill -9 mid-unit, and keeps each account to itself', async () => {
    const { db } = database;
    for (let i = 0; i < 3; i++) workers.push(runCli(env, ['worker']));

    // Kill the process holding a unit of the slow account while it works on it (it may hold a
    // unit of each account: one lane per account).
    let victim: CliRun | undefined;
    let held: string[] = [];
    await waitFor(async () => {
      const running = (await units(db)).filter((u) => u.state === 'running');
      const target = running.find((u) => u.conta === 'leste' && workers.some((w) => w.pid === pidOf(u.holder)));
      if (target === undefined) return false;
      victim = workers.find((w) => w.pid === pidOf(target.holder));
      held = running.filter((u) => pidOf(u.holder) === victim!.pid).map((u) => `${u.conta}/${u.resource}`);
      return true;
    }, 60_000);
    victim!.kill();
    await victim!.promise;
    expect(held.some((h) => h.startsWith('leste/'))).toBe(true);

    await waitFor(async () => {
      const all = await units(db);
      return all.length === 3 * RESOURCES.length && all.every((u) => u.state === 'done' || u.state === 'failed');
    }, 240_000);

    const all = await units(db);
    // One unit per (account, resource) of the one tick, none left behind.
    expect(all.map((u) => `${u.conta}/${u.resource}`)).toEqual(
      ['errada', 'leste', 'oeste'].flatMap((c) => [...RESOURCES].sort().map((r) => `${c}/${r}`)),
    );
    for (const u of all) {
      const name = `${u.conta}/${u.resource}`;
      // The killed worker's units were taken over by a live one once their lease lapsed; every
      // other unit ran exactly once.
      if (held.includes(name)) {
        expect(u.attempts, name).toBe(2);
        expect(pidOf(u.holder), name).not.toBe(victim!.pid);
      } else {
        expect(u.attempts, name).toBe(1);
      }
      // The wrong token fails its own account only.
      expect(u.state, name).toBe(u.conta === 'errada' ? 'failed' : 'done');
    }

    for (const conta of ['leste', 'oeste']) {
      for (const resource of RESOURCES) {
        const expected = simulatorRecords(sims[conta]!, resource);
        const actual = await mirrorOf(db, conta, resource);
        expect(actual.size, `${conta}/${resource}: rows`).toBe(expected.size);
        for (const [key, record] of expected) expect(actual.get(key), `${conta}/${resource} ${key}`).toEqual(record);
      }
    }

    const config = loadConfig(env);
    const accounts = config.accounts.map((a) => ({ conta: a.name, credential: credentialId(a.email!, a.baseUrl!) }));
    const health = await createHealthCheck({ db, config, accounts })();
    expect(health.healthy).toBe(false);
    expect(health.body.failing_accounts).toEqual(['errada']);
    expect(health.body.contas.leste?.status).toBe('healthy');

    const { body } = await createMetrics({ db, accounts, processMetrics: false }).render();
    expect(body).toMatch(/^cvcrm_etl_sync_runs\{conta="leste",resource="vendas",status="succeeded"\} \d+$/m);
    expect(body).toMatch(/^cvcrm_etl_api_requests_total\{conta="errada",resource="[a-z/]+",status="401"\} \d+$/m);
  }, 300_000);
});
