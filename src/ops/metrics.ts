// Prometheus metrics on a registry of our own (never prom-client's global one, so tests and
// several apps in one process do not collide). Labels carry only resource names, HTTP statuses,
// route patterns and methods: never a value taken from a record or a request.
//
// The sync figures are read from the database at each scrape (etl.runs, etl.resource_state,
// etl.api_exchanges, the request budget), not counted by the process that ran the sync: with
// `serve` and any number of `worker` processes, the one serving /metrics reports them all.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queryable } from '../db/database.ts';
import { routeLabel, statusLabel } from './metric-labels.ts';
import { DATABASE_METRICS, readSyncSnapshot, type AccountCredential, type SyncSnapshot } from './sync-metrics.ts';

export { routeLabel } from './metric-labels.ts';

export interface MetricsOptions {
  /** Where the sync figures are read from at each scrape; without it only web and process metrics. */
  readonly db?: Queryable;
  /** The configured accounts and their credentials: the API's series are labelled by account. */
  readonly accounts?: readonly AccountCredential[];
  /** Process metrics (memory, CPU, event loop); default true. */
  readonly processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  observeWebRequest(route: string, method: string, status: number, seconds: number): void;
  /**
   * The exposition text. `contas`: the accounts the reader may see; series of any other account
   * are left out (null: every account).
   */
  render(contas?: readonly string[] | null): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'cvcrm_etl_';

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const webDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Web request latency',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const db = options.db;
  if (db !== undefined) {
    // prom-client collects every metric at once: they share one read of the database per scrape.
    let reading: Promise<SyncSnapshot | undefined> | undefined;
    const snapshot = () => {
      reading ??= readSyncSnapshot(db, options.accounts).finally(() => {
        reading = undefined;
      });
      return reading;
    };
    for (const definition of DATABASE_METRICS) {
      const collect = async function (this: Gauge | Counter) {
        const s = await snapshot();
        this.reset();
        if (s === undefined) return;
        for (const [labels, value] of definition.samples(s)) {
          if (this instanceof Gauge) this.set(labels, value);
          else this.inc(labels, value);
        }
      };
      const config = { name: `${PREFIX}${definition.name}`, help: definition.help, labelNames: definition.labelNames, registers, collect };
      if (definition.type === 'gauge') new Gauge(config);
      else new Counter(config);
    }
  }

  return {
    registry,
    observeWebRequest(route, method, status, seconds) {
      webDuration.observe({ route: routeLabel(route), method: method.toUpperCase().slice(0, 10), status: statusLabel(status) }, seconds);
    },
    async render(contas = null) {
      const body = await registry.metrics();
      return { contentType: registry.contentType, body: contas === null ? body : onlyAccounts(body, contas) };
    },
  };
}

/** Drops the sample lines labelled with an account outside `contas` (HELP and TYPE lines stay). */
export function onlyAccounts(body: string, contas: readonly string[]): string {
  const allowed = new Set(contas);
  return body
    .split('\n')
    .filter((line) => {
      if (line.startsWith('#')) return true;
      const conta = /[{,]conta="([^"]*)"/.exec(line)?.[1];
      return conta === undefined || allowed.has(conta);
    })
    .join('\n');
}
