import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Queryable } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { createMetrics, routeLabel } from '../../src/ops/metrics.ts';
import { credentialId } from '../../src/cvdw/request-budget.ts';
import { DEMO_CREDENTIALS, startSimulator } from '../../src/simulator/index.ts';
import { runReconcileSlice } from '../../src/sync/run-reconcile.ts';
import { createApp } from '../../src/web/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { configFor, FAST_TUNING, sourceFor, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';

const TOKEN = 'token-de-metricas-0123456789';

/** The value of one sample line, e.g. `name{a="b"} 3`. */
function sample(body: string, name: string, labels: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics', () => {
  it('records web latency by route pattern, method and status', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.observeWebRequest('/api/sales', 'get', 200, 0.02);
    metrics.observeWebRequest('/api/sales', 'GET', 400, 0.001);
    const { body } = await metrics.render();
    expect(sample(body, 'cvcrm_etl_http_request_duration_seconds_count', 'route="/api/sales",method="GET",status="200"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_http_request_duration_seconds_count', 'route="/api/sales",method="GET",status="400"')).toBe(1);
  });

  it('never turns personal values into labels', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.observeWebRequest('/api/sales?cliente=Maria%20Souza', 'GET', 200, 0.01);
    metrics.observeWebRequest('/clientes/maria@example.com/12345678909', 'GET', 404, 0.01);
    const { body } = await metrics.render();
    expect(body).not.toMatch(/Maria|maria@example\.com|12345678909/);
    expect(body).toContain('route="/clientes/:param/:param"');
    expect(routeLabel('/api/kpis')).toBe('/api/kpis');
    expect(routeLabel('/')).toBe('/');
  });

  it('keeps each registry separate and includes process memory when asked', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.observeWebRequest('/api/kpis', 'GET', 200, 0.01);
    const { body } = await b.render();
    expect(body).not.toContain('cvcrm_etl_http_request_duration_seconds_count{');
    expect(body).toMatch(/^cvcrm_etl_process_resident_memory_bytes \d+/m);
    expect(body).toMatch(/^cvcrm_etl_nodejs_heap_size_used_bytes \d+/m);
  });
});

describeEachDatabase('metrics from the database', (get) => {
  it('reports the last success of syncs run by another process', async () => {
    const { db } = get();
    await db.query(`insert into etl.resource_state (resource, last_success_at) values ('comissoes', '2025-01-01T00:00:00Z'), ('distratos', null)`);
    const metrics = createMetrics({ db, processMetrics: false });
    const { body } = await metrics.render();
    expect(sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'conta="principal",resource="comissoes"')).toBe(Date.parse('2025-01-01T00:00:00Z') / 1000);
    expect(sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'conta="principal",resource="distratos"')).toBeUndefined();
  });

  it('labels every sync series with its account, and leaves out the accounts a reader may not see', async () => {
    const { db } = get();
    await db.query(`insert into etl.resource_state (conta, resource, last_success_at, consecutive_failures)
                    values ('leste', 'vendas', '2025-02-01T00:00:00Z', 0), ('oeste', 'vendas', null, 4)`);
    await db.query(`insert into etl.runs (conta, resource, mode, status, finished_at, records, upserted)
                    values ('leste', 'vendas', 'full', 'succeeded', now(), 7, 7), ('oeste', 'vendas', 'full', 'failed', now(), 0, 0)`);
    const leste = credentialId('api@leste.example', 'https://leste.cvcrm.com.br');
    const oeste = credentialId('api@oeste.example', 'https://oeste.cvcrm.com.br');
    await db.query(`insert into etl.api_exchanges (credential, resource, status, exchanges, last_at) values ($1, 'vendas', 200, 3, now()), ($2, 'vendas', 401, 2, now())`, [leste, oeste]);
    await db.query(`insert into etl.api_requests (credential, requested_at) values ($1, now()), ($1, now()), ($2, now())`, [leste, oeste]);
    const metrics = createMetrics({ db, processMetrics: false, accounts: [{ conta: 'leste', credential: leste }, { conta: 'oeste', credential: oeste }] });
    const { body } = await metrics.render();
    expect(sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'conta="leste",resource="vendas"')).toBe(Date.parse('2025-02-01T00:00:00Z') / 1000);
    expect(sample(body, 'cvcrm_etl_consecutive_failures', 'conta="oeste",resource="vendas"')).toBe(4);
    expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="leste",resource="vendas",status="succeeded"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="oeste",resource="vendas",status="failed"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_records_total', 'conta="leste",resource="vendas"')).toBe(7);
    expect(sample(body, 'cvcrm_etl_api_requests_total', 'conta="leste",resource="vendas",status="200"')).toBe(3);
    expect(sample(body, 'cvcrm_etl_api_requests_total', 'conta="oeste",resource="vendas",status="401"')).toBe(2);
    expect(sample(body, 'cvcrm_etl_api_requests_last_minute', 'conta="leste"')).toBe(2);
    expect(sample(body, 'cvcrm_etl_api_requests_last_minute', 'conta="oeste"')).toBe(1);

    const onlyLeste = (await metrics.render(['leste'])).body;
    expect(onlyLeste).toContain('conta="leste"');
    expect(onlyLeste).not.toContain('oeste');
    expect(sample(onlyLeste, 'cvcrm_etl_records_total', 'conta="leste",resource="vendas"')).toBe(7);
  });

  it('shows a sync run by another process, with its own pool, on /metrics of a web app that never ran one', async () => {
    const { db, url } = get();
    const sim = await startSimulator({ scale: 40, seed: 5, today: '2026-11-20', rateLimit: false });
    // The web process: its own pool on the same server (PGlite is one process: the same handle).
    const webDb = url === undefined ? db : openPostgres({ url, poolSize: 2 });
    try {
      const summary = await syncOnce(db, sim, { resources: ['reservas', 'vendas'] });
      expect(summary.ok).toBe(true);
      const reservas = summary.resources.find((r) => r.resource === 'reservas')!;
      await db.query(`insert into etl.api_pause (credential, paused_until) values ('x', now() + interval '30 seconds')`);

      const config = loadConfig({ API_TOKENS: TOKEN });
      const accounts = [{ conta: 'principal', credential: credentialId(DEMO_CREDENTIALS.email, sim.url) }];
      const app = createApp({ db: webDb, config, metrics: () => createMetrics({ db: webDb, accounts, processMetrics: false }).render() });
      const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="principal",resource="reservas",status="succeeded"')).toBe(1);
      expect(sample(body, 'cvcrm_etl_records_total', 'conta="principal",resource="reservas"')).toBe(reservas.records);
      expect(sample(body, 'cvcrm_etl_records_upserted_total', 'conta="principal",resource="reservas"')).toBe(reservas.upserted);
      expect(sample(body, 'cvcrm_etl_records_rejected_total', 'conta="principal",resource="reservas"')).toBe(reservas.rejected);
      expect(sample(body, 'cvcrm_etl_last_run_records', 'conta="principal",resource="reservas"')).toBe(reservas.records);
      expect(sample(body, 'cvcrm_etl_last_run_duration_seconds', 'conta="principal",resource="reservas"')).toBeGreaterThanOrEqual(0);
      expect(sample(body, 'cvcrm_etl_consecutive_failures', 'conta="principal",resource="reservas"')).toBe(0);
      expect(sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'conta="principal",resource="reservas"')).toBeGreaterThan(Date.now() / 1000 - 600);
      expect(sample(body, 'cvcrm_etl_api_requests_total', 'conta="principal",resource="reservas",status="200"')).toBe(reservas.requests);
      expect(sample(body, 'cvcrm_etl_api_requests_last_minute', 'conta="principal"')).toBe(summary.resources.reduce((n, r) => n + r.requests, 0));
      expect(sample(body, 'cvcrm_etl_api_paused_until_timestamp_seconds', 'conta="principal"')).toBe(0);
      // A credential no configured account uses is reported apart, never under an account's name.
      expect(sample(body, 'cvcrm_etl_api_paused_until_timestamp_seconds', 'conta="other"')).toBeGreaterThan(Date.now() / 1000);

      // A second run shows up at the next scrape, in the same web process.
      await syncOnce(db, sim, { resources: ['reservas'] });
      const again = await (await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(sample(again, 'cvcrm_etl_sync_runs', 'conta="principal",resource="reservas",status="succeeded"')).toBe(2);
    } finally {
      if (webDb !== db) await webDb.close();
      await sim.stop();
    }
  }, 60_000);

  it('a scrape still answers when the database is down', async () => {
    const down: Queryable = { query: async () => { throw new Error('connect ECONNREFUSED'); } };
    const { body } = await createMetrics({ db: down, processMetrics: false }).render();
    expect(body).toContain('# TYPE cvcrm_etl_sync_runs gauge');
    expect(body).not.toContain('cvcrm_etl_sync_runs{');
  });
});

describeEachDatabase('metrics: resumed runs and the nightly reconciliation', (get) => {
  it('counts a failed run that the next sync resumes once, as succeeded: sync_runs is a gauge', async () => {
    const { db } = get();
    const sim = await startSimulator({ scale: 40, seed: 3, today: '2026-11-20', rateLimit: false });
    try {
      sim.faults.next('503', { path: 'distratos' });
      expect((await syncOnce(db, sim, { resources: ['distratos'], env: { CVCRM_MAX_RETRIES: '0' } })).ok).toBe(false);
      const failed = await createMetrics({ db, processMetrics: false }).render();
      expect(sample(failed.body, 'cvcrm_etl_sync_runs', 'conta="principal",resource="distratos",status="failed"')).toBe(1);

      expect((await syncOnce(db, sim, { resources: ['distratos'] })).ok).toBe(true);
      const { body } = await createMetrics({ db, processMetrics: false }).render();
      expect(body).toContain('# TYPE cvcrm_etl_sync_runs gauge');
      expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="principal",resource="distratos",status="succeeded"')).toBe(1);
      expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="principal",resource="distratos",status="failed"')).toBeUndefined();
    } finally {
      await sim.stop();
    }
  }, 60_000);

  it('leaves reconciliation slices out of the sync figures and reports the last good slice apart', async () => {
    const { db } = get();
    const sim = await startSimulator({ scale: 40, seed: 5, today: '2026-11-20', rateLimit: false });
    try {
      const sync = await syncOnce(db, sim, { resources: ['reservas'] });
      const reservas = sync.resources.find((r) => r.resource === 'reservas')!;
      expect(reservas.records).toBeGreaterThan(5);

      // Eight days on, the pass of reservas is due: one slice pauses after a page of 5 records,
      // the next fails on a 503.
      const config = configFor(sim, { CVCRM_RESOURCES: 'reservas', CVCRM_PAGE_SIZE: '5', CVCRM_MAX_RETRIES: '0' });
      const night = new Date(Date.now() + 8 * 24 * 3600_000);
      const slice = () => runReconcileSlice({ db, ...withPrincipal(config), source: sourceFor(sim), now: () => night, tuning: FAST_TUNING },
        { allowance: 1, deadline: new Date(night.getTime() + 3600_000) });
      expect((await slice()).resources).toMatchObject([{ resource: 'reservas', result: 'paused', records: 5 }]);
      const sliceEnded = Date.now() / 1000;
      sim.faults.next('503', { path: 'reservas' });
      expect((await slice()).resources).toMatchObject([{ resource: 'reservas', result: 'failed' }]);

      const { body } = await createMetrics({ db, processMetrics: false }).render();
      expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="principal",resource="reservas",status="succeeded"')).toBe(1);
      expect(sample(body, 'cvcrm_etl_sync_runs', 'conta="principal",resource="reservas",status="failed"')).toBeUndefined();
      expect(sample(body, 'cvcrm_etl_last_run_records', 'conta="principal",resource="reservas"')).toBe(reservas.records);
      expect(sample(body, 'cvcrm_etl_records_total', 'conta="principal",resource="reservas"')).toBe(reservas.records);
      const reconciled = sample(body, 'cvcrm_etl_reconcile_last_success_timestamp_seconds', 'conta="principal",resource="reservas"');
      expect(reconciled).toBeGreaterThan(sliceEnded - 60);
      expect(reconciled).toBeLessThanOrEqual(sliceEnded + 1);
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
