import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Queryable } from '../../src/db/database.ts';
import { createHealthCheck } from '../../src/ops/health.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { deferred } from './support.ts';

const NOW = new Date('2025-03-10T15:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();
// Every 4 hours: stale after 2 intervals = 8 hours.
const config = loadConfig({ SYNC_CRON: '0 */4 * * *', SYNC_TIMEZONE: 'UTC', CVCRM_RESOURCES: 'reservas,vendas,unidades,comissoes' });
const apiOk = async () => ({ ok: true, detail: 'CVDW answered 200' });

describeEachDatabase('health', (get) => {
  beforeAll(async () => {
    const { db } = get();
    await db.query(
      `insert into etl.resource_state (resource, last_success_at, consecutive_failures, last_error) values
         ('reservas', $1, 0, null),
         ('vendas', $2, 0, null),
         ('unidades', null, 0, null),
         ('leads', $3, 0, null)`,
      [hoursAgo(1), hoursAgo(7), hoursAgo(100)],
    );
  });

  it('is healthy when the database and API answer and every watched resource is fresh', async () => {
    const check = createHealthCheck({ db: get().db, checkApi: apiOk, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(true);
    expect(body).toMatchObject({
      status: 'healthy',
      database: { ok: true },
      api: { ok: true, detail: 'CVDW answered 200', cached: false, checked_at: NOW.toISOString() },
      timestamp: NOW.toISOString(),
    });
    expect(body.last_sync).toEqual({
      reservas: { last_success_at: hoursAgo(1), stale: false, consecutive_failures: 0, last_error: null },
      vendas: { last_success_at: hoursAgo(7), stale: false, consecutive_failures: 0, last_error: null },
      // Never attempted: nothing to be stale about yet.
      unidades: { last_success_at: null, stale: false, consecutive_failures: 0, last_error: null },
    });
    // `leads` is no longer configured, so its old data does not count.
    expect(body.last_sync).not.toHaveProperty('leads');
  });

  it('is unhealthy when a resource is older than the allowed intervals, with its error scrubbed', async () => {
    const { db } = get();
    await db.query(
      `update etl.resource_state set last_success_at = $1, consecutive_failures = 3,
              last_error = 'HTTP 401 for fulano@example.com' where resource = 'vendas'`,
      [hoursAgo(9)],
    );
    const check = createHealthCheck({ db, checkApi: apiOk, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(body.status).toBe('unhealthy');
    expect(body.last_sync.vendas).toMatchObject({ stale: true, consecutive_failures: 3 });
    expect(body.last_sync.vendas?.last_error).toContain('HTTP 401');
    expect(JSON.stringify(body)).not.toContain('fulano@example.com');
    await db.query(`update etl.resource_state set last_success_at = $1, consecutive_failures = 0, last_error = null where resource = 'vendas'`, [hoursAgo(1)]);
  });

  it('judges a resource that never succeeded from its first run', async () => {
    const { db } = get();
    await db.query(`insert into etl.runs (resource, mode, status, started_at) values ('unidades', 'full', 'failed', $1)`, [hoursAgo(10)]);
    const check = createHealthCheck({ db, checkApi: apiOk, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(body.last_sync.unidades).toMatchObject({ last_success_at: null, stale: true });
    await db.query(`delete from etl.runs where resource = 'unidades'`);
  });

  it('asks CVDW at most once per cache period, sharing one request among concurrent calls', async () => {
    let now = NOW;
    let calls = 0;
    const answer = deferred<{ ok: boolean; detail: string }>();
    const check = createHealthCheck({
      db: get().db, config, now: () => now, apiCacheMs: 60_000,
      checkApi: () => {
        calls++;
        return answer.promise;
      },
    });
    const pending = [check(), check(), check()];
    answer.resolve({ ok: true, detail: 'ok' });
    const first = await Promise.all(pending);
    expect(calls).toBe(1);
    expect(first.filter((r) => !r.body.api.cached)).toHaveLength(1);

    now = new Date(NOW.getTime() + 59_000);
    const cached = await check();
    expect(calls).toBe(1);
    expect(cached.body.api).toMatchObject({ cached: true, checked_at: NOW.toISOString() });

    now = new Date(NOW.getTime() + 61_000);
    const fresh = await check();
    expect(calls).toBe(2);
    expect(fresh.body.api.cached).toBe(false);
  });

  it('is unhealthy when CVDW fails, and caches the failure', async () => {
    let calls = 0;
    const check = createHealthCheck({
      db: get().db, config, now: () => NOW,
      checkApi: async () => {
        calls++;
        throw new Error('401 Unauthorized: token 0123456789abcdef0123456789abcdef01234567');
      },
    });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(body.api.ok).toBe(false);
    expect(body.api.detail).toContain('401 Unauthorized');
    expect(body.api.detail).not.toContain('0123456789abcdef');
    await check();
    expect(calls).toBe(1);
  });
});

describe('health without a database', () => {
  it('is unhealthy when the database rejects', async () => {
    const db: Queryable = { query: async () => { throw new Error('connect ECONNREFUSED 10.0.0.1:5432 (postgres://u:pw@10.0.0.1/x)'); } };
    const check = createHealthCheck({ db, checkApi: apiOk, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(body.database.ok).toBe(false);
    expect(body.database.detail).toContain('ECONNREFUSED');
    expect(body.database.detail).not.toContain('pw@');
    expect(body.last_sync).toEqual({});
  });

  it('is unhealthy when the database does not answer in time', async () => {
    const db: Queryable = { query: () => new Promise(() => undefined) };
    const check = createHealthCheck({ db, checkApi: apiOk, config, dbTimeoutMs: 50 });
    const started = Date.now();
    const { healthy, body } = await check();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(healthy).toBe(false);
    expect(body.database.detail).toMatch(/no answer within/);
  });
});
