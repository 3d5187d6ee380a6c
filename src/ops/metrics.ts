// Prometheus metrics on a registry of our own (never prom-client's global one, so tests and
// several apps in one process do not collide). Labels carry only resource names, HTTP statuses,
// route patterns and methods: never a value taken from a record or a request.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queryable } from '../db/database.ts';
import type { ResourceSummary, SyncObserver } from '../sync/observer.ts';
import { readResourceHealth } from './queries/resource-health.ts';

export interface MetricsOptions {
  /**
   * When given, per-resource freshness is read from etl.resource_state at each scrape, so a web
   * process reports the syncs a separate worker process ran.
   */
  readonly db?: Queryable;
  /** Process metrics (memory, CPU, event loop); default true. */
  readonly processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  readonly syncObserver: SyncObserver;
  observeWebRequest(route: string, method: string, status: number, seconds: number): void;
  render(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'cvcrm_etl_';

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const syncDuration = new Histogram({
    name: `${PREFIX}sync_duration_seconds`,
    help: 'Duration of one resource sync',
    labelNames: ['resource', 'status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
    registers,
  });
  const syncRuns = new Counter({ name: `${PREFIX}sync_runs_total`, help: 'Resource syncs by outcome', labelNames: ['resource', 'status'] as const, registers });
  const records = new Counter({ name: `${PREFIX}records_total`, help: 'Records read from CVDW', labelNames: ['resource'] as const, registers });
  const upserted = new Counter({ name: `${PREFIX}records_upserted_total`, help: 'Records written to the database', labelNames: ['resource'] as const, registers });
  const rejected = new Counter({ name: `${PREFIX}records_rejected_total`, help: 'Records rejected by validation', labelNames: ['resource'] as const, registers });
  const apiRequests = new Counter({ name: `${PREFIX}api_requests_total`, help: 'CVDW requests by HTTP status (0: network error or timeout)', labelNames: ['resource', 'status'] as const, registers });
  const apiDuration = new Histogram({
    name: `${PREFIX}api_request_duration_seconds`,
    help: 'CVDW request duration',
    labelNames: ['resource'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers,
  });
  const retries = new Counter({ name: `${PREFIX}api_retries_total`, help: 'Retried CVDW requests', labelNames: ['resource'] as const, registers });
  const rateWaits = new Counter({ name: `${PREFIX}rate_limit_waits_total`, help: 'Waits for the request budget or a 429 pause', labelNames: ['reason'] as const, registers });
  const rateWaitSeconds = new Counter({ name: `${PREFIX}rate_limit_wait_seconds_total`, help: 'Time spent waiting for the request budget or a 429 pause', labelNames: ['reason'] as const, registers });
  const webDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Web request latency',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const lastSuccess = new Map<string, number>();
  new Gauge({
    name: `${PREFIX}last_success_timestamp_seconds`,
    help: 'Unix time of the last successful sync of each resource',
    labelNames: ['resource'] as const,
    registers,
    async collect() {
      if (options.db) await refreshFromDatabase(options.db, lastSuccess);
      this.reset();
      for (const [resource, seconds] of lastSuccess) this.set({ resource }, seconds);
    },
  });

  const syncObserver: SyncObserver = {
    onResourceDone(summary: ResourceSummary) {
      const resource = resourceLabel(summary.resource);
      syncRuns.inc({ resource, status: summary.status });
      if (summary.status === 'skipped') return;
      syncDuration.observe({ resource, status: summary.status }, summary.seconds);
      records.inc({ resource }, summary.records);
      upserted.inc({ resource }, summary.upserted);
      rejected.inc({ resource }, summary.rejected);
      if (summary.status === 'succeeded') lastSuccess.set(resource, Date.now() / 1000);
    },
    onRequest(resourceName, status, seconds) {
      const resource = resourceLabel(resourceName);
      apiRequests.inc({ resource, status: statusLabel(status) });
      apiDuration.observe({ resource }, seconds);
    },
    onRetry(resourceName) {
      retries.inc({ resource: resourceLabel(resourceName) });
    },
    onRateLimitWait(milliseconds, reason) {
      rateWaits.inc({ reason });
      rateWaitSeconds.inc({ reason }, milliseconds / 1000);
    },
  };

  return {
    registry,
    syncObserver,
    observeWebRequest(route, method, status, seconds) {
      webDuration.observe({ route: routeLabel(route), method: method.toUpperCase().slice(0, 10), status: statusLabel(status) }, seconds);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

async function refreshFromDatabase(db: Queryable, into: Map<string, number>): Promise<void> {
  try {
    for (const row of await readResourceHealth(db)) {
      if (row.lastSuccessAt !== null) into.set(resourceLabel(row.resource), row.lastSuccessAt.getTime() / 1000);
    }
  } catch {
    // A scrape must not fail because the database is down; /health reports that.
  }
}

/** Resource names come from the catalog; anything else is squashed so no free text becomes a label. */
function resourceLabel(resource: string): string {
  return /^[a-z0-9_/-]{1,64}$/.test(resource) ? resource : 'other';
}

function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 0 && status < 1000 ? String(status) : 'other';
}

/**
 * The caller passes the route pattern (`/api/sales`), not the raw URL. As a safeguard the query
 * string is dropped and path segments that look like values (numbers, long tokens, e-mails) are
 * replaced, so a label can neither hold personal data nor explode in cardinality.
 */
export function routeLabel(route: string): string {
  const path = route.split(/[?#]/)[0] ?? '';
  const segments = path.split('/').map((segment) =>
    /^:?[A-Za-z_][\w-]{0,39}$/.test(segment) && !/\d{3,}/.test(segment) && !segment.includes('@') ? segment : segment === '' ? '' : ':param',
  );
  const label = segments.join('/');
  return label === '' ? '/' : label.slice(0, 100);
}
