import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Queryable } from '../../src/db/database.ts';
import { createHealthCheck, healthForAccounts, type HealthBody } from '../../src/ops/health.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { deferred, waitFor } from './support.ts';

const NOW = new Date('2025-03-10T15:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();
// Every 4 hours: stale after 2 intervals = 8 hours.
const config = loadConfig({ SYNC_CRON: '0 */4 * * *', SYNC_TIMEZONE: 'UTC', CVCRM_RESOURCES: 'reservas,vendas,unidades,comissoes' });
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const CREDENTIAL = 'cred-health-test';

/** What the CVDW client of some process recorded after an exchange. */
async function recordExchange(db: Queryable, status: number, at: string, detail: string | null = null, credential = CREDENTIAL) {
  await db.query(
    `insert into etl.api_exchanges (credential, resource, status, exchanges, last_at, last_detail) values ($1, 'reservas', $2, 1, $3, $4)
     on conflict (credential, resource, status) do update set last_at = excluded.last_at, last_detail = excluded.last_detail`,
    [credential, status, at, detail],
  );
}

describeEachDatabase('health', (get) => {
  let probes = 0;
  const probe = async () => {
    probes++;
    return { ok: true, detail: 'CVDW respondeu (1 reservas)' };
  };
  beforeEach(async () => {
    probes = 0;
    await get().db.query('delete from etl.api_exchanges');
  });

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
    // A sync in another process got an answer 30 s ago: that is the API's answer, no probe.
    await recordExchange(get().db, 200, secondsAgo(30));
    const check = createHealthCheck({ db: get().db, probe, credential: CREDENTIAL, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(true);
    expect(probes).toBe(0);
    expect(body).toMatchObject({
      status: 'healthy',
      database: { ok: true },
      api: { ok: true, detail: 'CVDW respondeu há 30 s (HTTP 200)', cached: true, checked_at: secondsAgo(30) },
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
    await recordExchange(db, 200, secondsAgo(5));
    const check = createHealthCheck({ db, probe, credential: CREDENTIAL, config, now: () => NOW });
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
    await recordExchange(db, 200, secondsAgo(5));
    const check = createHealthCheck({ db, probe, credential: CREDENTIAL, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(body.last_sync.unidades).toMatchObject({ last_success_at: null, stale: true });
    await db.query(`delete from etl.runs where resource = 'unidades'`);
  });

  it('with nothing recent, probes once, sharing one request among concurrent calls and caching it', async () => {
    let now = NOW;
    let calls = 0;
    const answer = deferred<{ ok: boolean; detail: string }>();
    // The last exchange is older than the window: it no longer speaks for the API.
    await recordExchange(get().db, 200, secondsAgo(6 * 60));
    const check = createHealthCheck({
      db: get().db, config, credential: CREDENTIAL, now: () => now, apiCacheMs: 60_000,
      probe: () => {
        calls++;
        return answer.promise;
      },
    });
    const pending = [check(), check(), check()];
    await waitFor(() => calls > 0);
    answer.resolve({ ok: true, detail: 'CVDW respondeu (1 reservas)' });
    const first = await Promise.all(pending);
    expect(calls).toBe(1);
    expect(first.filter((r) => !r.body.api.cached)).toHaveLength(1);
    expect(first[0]?.body.api).toMatchObject({ ok: true, detail: 'CVDW respondeu (1 reservas)' });

    now = new Date(NOW.getTime() + 59_000);
    const cached = await check();
    expect(calls).toBe(1);
    expect(cached.body.api).toMatchObject({ cached: true, checked_at: NOW.toISOString() });

    now = new Date(NOW.getTime() + 61_000);
    const fresh = await check();
    expect(calls).toBe(2);
    expect(fresh.body.api.cached).toBe(false);
  });

  it('a probe that finds CVDW down is unhealthy, scrubbed, and not repeated at every poll', async () => {
    let calls = 0;
    const check = createHealthCheck({
      db: get().db, config, credential: CREDENTIAL, now: () => NOW,
      probe: async () => {
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

  it('a recent 401 or 403 makes the API unhealthy with a sentence in Portuguese, even after an earlier answer', async () => {
    const { db } = get();
    await recordExchange(db, 200, secondsAgo(200));
    await recordExchange(db, 401, secondsAgo(20), 'CVDW refused the credentials (HTTP 401): check CVCRM_API_EMAIL and CVCRM_API_TOKEN.');
    const check = createHealthCheck({ db, probe, credential: CREDENTIAL, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(probes).toBe(0);
    expect(body.api).toMatchObject({ ok: false, cached: true, checked_at: secondsAgo(20) });
    expect(body.api.detail).toBe('CVDW recusou as credenciais (HTTP 401) há 20 s: confira CVCRM_API_EMAIL e CVCRM_API_TOKEN');

    // Another credential's exchanges do not speak for this one.
    const other = createHealthCheck({ db, probe, credential: 'another-credential', config, now: () => NOW });
    expect((await other()).body.api).toMatchObject({ ok: true, cached: false });
    expect(probes).toBe(1);
  });

  it('a probe skipped because the budget is full is no failure: it reports the last known exchange', async () => {
    const { db } = get();
    const busy = async () => ({ ok: true, busy: true, detail: 'CVDW não consultado: orçamento de requisições ocupado (próxima vaga em 40 s)' });
    const check = createHealthCheck({ db, probe: busy, credential: CREDENTIAL, config, now: () => NOW });
    expect((await check()).body.api).toMatchObject({ ok: true, detail: expect.stringContaining('orçamento de requisições ocupado') });

    await recordExchange(db, 403, secondsAgo(3600));
    const refusedLongAgo = await check();
    expect(refusedLongAgo.body.api.ok).toBe(false);
    expect(refusedLongAgo.body.api.detail).toContain('recusou as credenciais (HTTP 403) há 60 min');
  });

  it('without a probe (a web app on its own), nothing recent is reported, not failed', async () => {
    const check = createHealthCheck({ db: get().db, config, now: () => NOW });
    const { body } = await check();
    expect(body.api).toMatchObject({ ok: true, detail: 'nenhuma troca com o CVDW nos últimos 5 min; CVDW não verificado por este processo' });
  });
});

describe('health without a database', () => {
  it('is unhealthy when the database rejects', async () => {
    const db: Queryable = { query: async () => { throw new Error('connect ECONNREFUSED 10.0.0.1:5432 (postgres://u:pw@10.0.0.1/x)'); } };
    const check = createHealthCheck({ db, config, now: () => NOW });
    const { healthy, body } = await check();
    expect(healthy).toBe(false);
    expect(body.database.ok).toBe(false);
    expect(body.database.detail).toContain('ECONNREFUSED');
    expect(body.database.detail).not.toContain('pw@');
    expect(body.last_sync).toEqual({});
  });

  it('is unhealthy when the database does not answer in time', async () => {
    const db: Queryable = { query: () => new Promise(() => undefined) };
    const check = createHealthCheck({ db, config, dbTimeoutMs: 50 });
    const started = Date.now();
    const { healthy, body } = await check();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(healthy).toBe(false);
    expect(body.database.detail).toMatch(/sem resposta em/);
  });
});

describeEachDatabase('health per account', (get) => {
  const accounts = loadConfig({
    SYNC_CRON: '0 */4 * * *', SYNC_TIMEZONE: 'UTC', CVCRM_RESOURCES: 'reservas',
    CVCRM_ACCOUNTS: 'leste,oeste',
    CVCRM_LESTE_SUBDOMAIN: 'leste', CVCRM_LESTE_API_EMAIL: 'api@leste.example', CVCRM_LESTE_API_TOKEN: 'tok-leste',
    CVCRM_OESTE_SUBDOMAIN: 'oeste', CVCRM_OESTE_API_EMAIL: 'api@oeste.example', CVCRM_OESTE_API_TOKEN: 'tok-oeste',
  });
  const check = () => createHealthCheck({
    db: get().db, config: accounts, now: () => NOW,
    accounts: [{ conta: 'leste', credential: 'cred-leste' }, { conta: 'oeste', credential: 'cred-oeste' }],
  });

  beforeAll(async () => {
    await get().db.query(
      `insert into etl.resource_state (conta, resource, last_success_at) values ('leste', 'reservas', $1), ('oeste', 'reservas', $1)`,
      [hoursAgo(1)],
    );
  });

  it('names the account whose credential was refused, and only that one', async () => {
    await recordExchange(get().db, 200, secondsAgo(20), null, 'cred-leste');
    await recordExchange(get().db, 401, secondsAgo(10), 'HTTP 401', 'cred-oeste');
    const report = await check()();
    expect(report.healthy).toBe(false);
    expect(report.body.failing_accounts).toEqual(['oeste']);
    expect(report.body.contas.leste?.status).toBe('healthy');
    expect(report.body.contas.oeste?.status).toBe('unhealthy');
    expect(report.body.contas.oeste?.api.detail).toContain('HTTP 401');
    expect(report.body.api.ok).toBe(false);
    expect(report.body.api.detail).toMatch(/^conta oeste: /);
    expect(report.body.api.detail).not.toContain('leste');
    expect(Object.keys(report.body.last_sync)).toEqual(['leste/reservas', 'oeste/reservas']);
  });

  it('names the account whose data is stale, and is healthy when every account is well', async () => {
    await get().db.query('delete from etl.api_exchanges');
    await recordExchange(get().db, 200, secondsAgo(20), null, 'cred-leste');
    await recordExchange(get().db, 200, secondsAgo(20), null, 'cred-oeste');
    expect((await check()()).healthy).toBe(true);
    await get().db.query(`update etl.resource_state set last_success_at = $1 where conta = 'leste'`, [hoursAgo(30)]);
    const report = await check()();
    expect(report.healthy).toBe(false);
    expect(report.body.failing_accounts).toEqual(['leste']);
    expect(report.body.contas.leste?.last_sync.reservas?.stale).toBe(true);
    expect(report.body.contas.oeste?.status).toBe('healthy');
  });
});

describe('health for a reader limited to some accounts', () => {
  it('shows only the allowed accounts and judges the status on them', async () => {
    const api = (ok: boolean, detail: string) => ({ ok, detail, checked_at: NOW.toISOString(), cached: true });
    const fresh = { last_success_at: NOW.toISOString(), stale: false, consecutive_failures: 0, last_error: null };
    const body: HealthBody = {
      status: 'unhealthy',
      database: { ok: true, detail: 'acessível' },
      api: api(false, 'conta oeste: CVDW recusou as credenciais (HTTP 401)'),
      last_sync: { 'leste/vendas': fresh, 'oeste/vendas': fresh },
      contas: {
        leste: { status: 'healthy', api: api(true, 'CVDW respondeu há 3 s (HTTP 200)'), last_sync: { vendas: fresh } },
        oeste: { status: 'unhealthy', api: api(false, 'CVDW recusou as credenciais (HTTP 401)'), last_sync: { vendas: fresh } },
      },
      failing_accounts: ['oeste'],
      timestamp: NOW.toISOString(),
    };
    const leste = healthForAccounts(body, ['leste']);
    expect(leste.healthy).toBe(true);
    expect(JSON.stringify(leste.body)).not.toContain('oeste');
    expect(leste.body.last_sync).toEqual({ vendas: fresh });
    expect(leste.body.api.ok).toBe(true);
    const oeste = healthForAccounts(body, ['oeste']);
    expect(oeste.healthy).toBe(false);
    expect(oeste.body.failing_accounts).toEqual(['oeste']);
    expect(JSON.stringify(oeste.body)).not.toContain('leste');
  });
});
