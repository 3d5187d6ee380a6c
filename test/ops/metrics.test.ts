import { describe, expect, it } from 'vitest';
import { createMetrics, routeLabel } from '../../src/ops/metrics.ts';
import type { ResourceSummary } from '../../src/sync/observer.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const summary = (overrides: Partial<ResourceSummary>): ResourceSummary => ({
  resource: 'reservas', status: 'succeeded', mode: 'incremental', requests: 3, pages: 2,
  records: 900, upserted: 880, rejected: 20, deleted: 0, seconds: 42, ...overrides,
});

/** The value of one sample line, e.g. `name{a="b"} 3`. */
function sample(body: string, name: string, labels: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics', () => {
  it('renders sync, API, rate-limit and retry metrics from the sync observer', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const o = metrics.syncObserver;
    o.onResourceDone?.(summary({}));
    o.onResourceDone?.(summary({ resource: 'vendas', status: 'failed', records: 10, upserted: 0, rejected: 0, seconds: 3, error: 'HTTP 500' }));
    o.onResourceDone?.(summary({ resource: 'unidades', status: 'skipped', seconds: 0 }));
    o.onRequest?.('reservas', 200, 0.4);
    o.onRequest?.('reservas', 200, 0.6);
    o.onRequest?.('reservas', 429, 0.1);
    o.onRequest?.('vendas', 0, 30);
    o.onRetry?.('reservas', 'HTTP 429');
    o.onRateLimitWait?.(1500, 'budget');
    o.onRateLimitWait?.(60_000, 'pause');

    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(sample(body, 'cvcrm_etl_sync_duration_seconds_count', 'resource="reservas",status="succeeded"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_sync_duration_seconds_sum', 'resource="reservas",status="succeeded"')).toBe(42);
    expect(sample(body, 'cvcrm_etl_sync_runs_total', 'resource="vendas",status="failed"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_sync_runs_total', 'resource="unidades",status="skipped"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_records_total', 'resource="reservas"')).toBe(900);
    expect(sample(body, 'cvcrm_etl_records_upserted_total', 'resource="reservas"')).toBe(880);
    expect(sample(body, 'cvcrm_etl_records_rejected_total', 'resource="reservas"')).toBe(20);
    expect(sample(body, 'cvcrm_etl_api_requests_total', 'resource="reservas",status="200"')).toBe(2);
    expect(sample(body, 'cvcrm_etl_api_requests_total', 'resource="reservas",status="429"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_api_requests_total', 'resource="vendas",status="0"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_api_retries_total', 'resource="reservas"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_rate_limit_waits_total', 'reason="pause"')).toBe(1);
    expect(sample(body, 'cvcrm_etl_rate_limit_wait_seconds_total', 'reason="budget"')).toBe(1.5);
    const lastSuccess = sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'resource="reservas"');
    expect(lastSuccess).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'resource="vendas"')).toBeUndefined();
  });

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
    metrics.syncObserver.onRetry?.('reservas: token abc for maria@example.com', 'x');
    const { body } = await metrics.render();
    expect(body).not.toMatch(/Maria|maria@example\.com|12345678909/);
    expect(body).toContain('route="/clientes/:param/:param"');
    expect(routeLabel('/api/kpis')).toBe('/api/kpis');
    expect(routeLabel('/')).toBe('/');
  });

  it('keeps each registry separate and includes process memory when asked', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.syncObserver.onRetry?.('reservas', 'x');
    const { body } = await b.render();
    expect(body).not.toContain('cvcrm_etl_api_retries_total{');
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
    expect(sample(body, 'cvcrm_etl_last_success_timestamp_seconds', 'resource="comissoes"')).toBe(Date.parse('2025-01-01T00:00:00Z') / 1000);
    expect(body).not.toContain('resource="distratos"');
  });
});
