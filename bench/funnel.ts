// Benchmark 5: the commercial funnel. (1) What loading it costs: a full sync of the sales core,
// then of the funnel's resources, from a simulator in its own process at a high rate limit into a
// throw-away PostgreSQL database, split per resource into HTTP, the page transaction and, inside
// it, the mirror upsert and the sales and bi refreshes; then an incremental run with nothing new.
// (2) The bi refresh of one page, called directly on pages already in the mirror. (3) The
// funnel's routes and the dashboard, cache off, for three periods.
//   node --import tsx bench/funnel.ts [--reservations 10000]
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { CORE_RESOURCES, FUNNEL_RESOURCES } from '../src/cvdw/catalog/index.ts';
import { DEMO_CREDENTIALS } from '../src/simulator/index.ts';
import type { SyncSummary } from '../src/sync/observer.ts';
import { runSync } from '../src/sync/run-sync.ts';
import { createApp } from '../src/web/app.ts';
import { startWebServer } from '../src/web/server.ts';
import { createBenchDatabase, type BenchDatabase } from './lib/db.ts';
import { fmt, ratio, rssSampler, table } from './lib/machine.ts';
import { pageTiming, type PageTiming, type ResourceTimes } from './lib/page-timing.ts';
import { timeRefresh, type RefreshTiming } from './lib/refresh-timing.ts';
import { measureRoute } from './lib/route-latency.ts';
import { startSimProcess, type SimProcess } from './lib/sim-process.ts';

export interface FunnelOptions {
  readonly reservations: number;
  /** Sequential requests per route and period. */
  readonly routeRuns?: number;
  /** Pages refreshed per resource. */
  readonly refreshRuns?: number;
  readonly log: (line: string) => void;
}

/** The real API's budget (CONTRACT.md: CVCRM_REQUESTS_PER_MINUTE defaults to 18). */
const REAL_REQUESTS_PER_MINUTE = 18;
const PAGE = 500;
const REFRESHED = ['reservas', 'comissoes', 'leads', 'leads/visitas', 'leads/perdas', 'leads/ganhos'] as const;
const ROUTES = ['/api/funnel', '/api/funnel/by-origin', '/api/funnel/by-broker', '/api/leads/lost-reasons', '/api/dashboard'] as const;
const PERIODS: readonly [string, string][] = [['30 days', '?periodo=30'], ['365 days', '?periodo=365'], ['all time', '']];

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;
const perPage = (ms: number, pages: number) => (pages === 0 ? '—' : fmt(ms / pages, 1));

interface SetFigures {
  readonly records: number;
  readonly pages: number;
  readonly requests: number;
  readonly seconds: number;
  readonly pageTransactionMs: number;
  readonly biMs: number;
  readonly mirrorMs: number;
}

function loadTable(summary: SyncSummary, timing: PageTiming, httpSeconds: Map<string, number>, counts: Map<string, number>): { text: string; figures: SetFigures } {
  const rows: string[][] = [];
  const sum = { records: 0, pages: 0, requests: 0, seconds: 0, pageTransactionMs: 0, biMs: 0, mirrorMs: 0, salesMs: 0, http: 0, source: 0 };
  for (const r of summary.resources) {
    if (r.status !== 'succeeded') throw new Error(`${r.resource}: ${r.status} (${r.error ?? ''})`);
    const t: ResourceTimes = timing.byResource.get(r.resource) ?? { pageTransactions: 0, pageTransactionMs: 0, otherTransactionMs: 0, inPages: { mirror: 0, sales: 0, bi: 0, bookkeeping: 0 } };
    const http = httpSeconds.get(r.resource) ?? 0;
    const source = counts.get(r.resource) ?? 0;
    rows.push([
      r.resource, fmt(source), fmt(r.records), fmt(r.pages), fmt(r.requests), r.seconds.toFixed(1), fmt(r.records / r.seconds),
      http.toFixed(1), seconds(t.pageTransactionMs), `${fmt((100 * t.pageTransactionMs) / 1000 / r.seconds)} %`,
      perPage(t.inPages.mirror, t.pageTransactions), perPage(t.inPages.sales, t.pageTransactions), perPage(t.inPages.bi, t.pageTransactions),
    ]);
    sum.records += r.records;
    sum.source += source;
    sum.pages += r.pages;
    sum.requests += r.requests;
    sum.seconds += r.seconds;
    sum.http += http;
    sum.pageTransactionMs += t.pageTransactionMs;
    sum.biMs += t.inPages.bi;
    sum.mirrorMs += t.inPages.mirror;
    sum.salesMs += t.inPages.sales;
  }
  rows.push([
    'total', fmt(sum.source), fmt(sum.records), fmt(sum.pages), fmt(sum.requests), summary.seconds.toFixed(1), fmt(sum.records / summary.seconds),
    sum.http.toFixed(1), seconds(sum.pageTransactionMs), `${fmt((100 * sum.pageTransactionMs) / 1000 / summary.seconds)} %`,
    perPage(sum.mirrorMs, sum.pages), perPage(sum.salesMs, sum.pages), perPage(sum.biMs, sum.pages),
  ]);
  const text = table(['resource', 'in source', 'read', 'pages', 'requests', 'wall s', 'rows/s', 'HTTP s', 'page tx s', 'tx share', 'mirror ms/pg', 'sales ms/pg', 'bi ms/pg'], rows);
  return { text, figures: { records: sum.records, pages: sum.pages, requests: sum.requests, seconds: summary.seconds, pageTransactionMs: sum.pageTransactionMs, biMs: sum.biMs, mirrorMs: sum.mirrorMs } };
}

/** Returns the mirror upsert's milliseconds per page, per resource, for the refresh's scale. */
async function measureLoad(target: BenchDatabase, sim: SimProcess, reservations: number, log: (line: string) => void): Promise<Map<string, number>> {
  const all = [...CORE_RESOURCES, ...FUNNEL_RESOURCES];
  const counts = new Map<string, number>();
  for (const resource of all) counts.set(resource, await sim.count(resource));
  const coreRecords = CORE_RESOURCES.reduce((a, r) => a + counts.get(r)!, 0);
  const funnelRecords = FUNNEL_RESOURCES.reduce((a, r) => a + counts.get(r)!, 0);
  log(`\n### 5.1 Load cost (${fmt(reservations)} reservations: core ${fmt(coreRecords)} records in ${CORE_RESOURCES.length} resources, funnel ${fmt(funnelRecords)} records in ${FUNNEL_RESOURCES.length}, ${fmt(funnelRecords / reservations, 1)} funnel records a reservation; ${PAGE} a page, simulator in its own process, no rate limit in the way)`);

  const timing = pageTiming(target.db);
  const httpSeconds = new Map<string, number>();
  const config = loadConfig({
    CVCRM_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_API_TOKEN: DEMO_CREDENTIALS.token, CVCRM_BASE_URL: sim.url,
    CVCRM_REQUESTS_PER_MINUTE: '6000', CVCRM_PAGE_SIZE: String(PAGE), CVCRM_TIMEOUT_MS: '120000', CVCRM_MAX_RETRIES: '8',
  });
  const source = { baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token };
  const deps = {
    db: timing.db, config, source, account: config.accounts[0]!,
    observer: {
      onResourceStart: (resource: string) => timing.setResource(resource),
      onRequest: (resource: string, _status: number, s: number) => httpSeconds.set(resource, (httpSeconds.get(resource) ?? 0) + s),
    },
  };

  global.gc?.();
  const startRss = process.memoryUsage().rss;
  const rss = rssSampler();
  const core = await runSync(deps, { resources: [...CORE_RESOURCES] });
  const coreTable = loadTable(core, timing, httpSeconds, counts);
  const corePeak = rss.peak();
  const funnel = await runSync(deps, { resources: [...FUNNEL_RESOURCES] });
  const funnelTable = loadTable(funnel, timing, httpSeconds, counts);
  const peak = rss.stop();

  log('\nFull sync of the core set:');
  log(coreTable.text);
  log('\nThen full sync of the funnel set:');
  log(funnelTable.text);
  log('read: records received (a page re-reads the last second of the one before); HTTP s: time in requests (the simulator generating and sending pages); page tx s: the pages\' transactions (mirror upsert, sales and bi refresh, checkpoint), tx share: of the resource\'s wall time; ms/pg: statement time per page inside those transactions.');
  const c = coreTable.figures;
  const f = funnelTable.figures;
  log(`\nfunnel ÷ core: records ${ratio(f.records, c.records)}, pages ${ratio(f.pages, c.pages)}, wall time ${ratio(f.seconds, c.seconds)}; total ${fmt(c.records + f.records)} records in ${(c.seconds + f.seconds).toFixed(1)} s (${fmt((c.records + f.records) / (c.seconds + f.seconds))} rows/s)`);
  log(`bi refresh inside the page transactions: core ${seconds(c.biMs)} s (${fmt((100 * c.biMs) / c.pageTransactionMs)} % of their time), funnel ${seconds(f.biMs)} s (${fmt((100 * f.biMs) / f.pageTransactionMs)} %); mirror upsert: core ${seconds(c.mirrorMs)} s, funnel ${seconds(f.mirrorMs)} s`);
  log(`peak RSS of the syncing process: ${mib(peak)} (${mib(corePeak)} after the core set; ${mib(startRss)} at the start)`);

  await sim.resetLog();
  const incremental = await runSync(deps, { resources: all });
  if (!incremental.ok) throw new Error('the incremental run failed');
  const incRequests = incremental.resources.reduce((a, r) => a + r.requests, 0);
  const incRecords = incremental.resources.reduce((a, r) => a + r.records, 0);
  const extra = incremental.resources.filter((r) => r.requests > 1).map((r) => `${r.resource} ${r.requests} (${fmt(r.records)} records)`);
  log(`\nIncremental run, nothing new, all ${all.length} resources: ${incRequests} requests, ${incremental.seconds.toFixed(1)} s, ${fmt(incRecords)} records re-read (the 30-minute overlap)${extra.length > 0 ? `; more than one request: ${extra.join(', ')}` : '; one request each'}`);

  const hours = (pages: number) => {
    const minutes = pages / REAL_REQUESTS_PER_MINUTE;
    return minutes < 120 ? `${fmt(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
  };
  log(`First load at the real rate (${REAL_REQUESTS_PER_MINUTE} requests/minute, pages ÷ ${REAL_REQUESTS_PER_MINUTE}): core ${fmt(c.pages)} pages → ${hours(c.pages)}, funnel ${fmt(f.pages)} pages → ${hours(f.pages)}, together ${hours(c.pages + f.pages)} (requests made: ${fmt(c.requests + f.requests)} → ${hours(c.requests + f.requests)}); the load itself took ${((c.seconds + f.seconds) / 60).toFixed(1)} min here.`);
  log(`An incremental run at that rate: ${incRequests} requests → ${(incRequests / REAL_REQUESTS_PER_MINUTE).toFixed(1)} min of budget.`);

  const mirrorPerPage = new Map<string, number>();
  for (const [resource, t] of timing.byResource) if (t.pageTransactions > 0) mirrorPerPage.set(resource, t.inPages.mirror / t.pageTransactions);
  return mirrorPerPage;
}

async function measureRefresh(target: BenchDatabase, runs: number, mirrorPerPage: ReadonlyMap<string, number>, log: (line: string) => void): Promise<void> {
  log(`\n### 5.2 The refresh of one page (refreshAfterPage on ${PAGE} rows already in the mirror, ${runs} pages spread over each table, a transaction each, committed)`);
  const results: RefreshTiming[] = [];
  for (const resource of REFRESHED) results.push(await timeRefresh(target.db, resource, PAGE, runs));
  log(table(['resource', 'rows', 'median ms', 'p90 ms', 'min ms', 'mirror upsert ms/pg', 'refresh ÷ upsert', 'slowest statements (ms a page)'], results.map((r) => {
    const upsert = mirrorPerPage.get(r.resource);
    return [
      r.resource, fmt(r.pageRows), fmt(r.medianMs, 1), fmt(r.p90Ms, 1), fmt(r.minMs, 1), upsert === undefined ? '—' : fmt(upsert, 1),
      upsert === undefined ? '—' : ratio(r.medianMs, upsert), r.top.map(([kind, ms]) => `${kind} ${fmt(ms, 1)}`).join(', '),
    ];
  })));
  log('mirror upsert ms/pg: the same resource\'s mirror statement per page during the full load above (5.1), for scale.');
}

async function measureRoutes(target: BenchDatabase, runs: number, log: (line: string) => void): Promise<void> {
  log(`\n### 5.3 Route latency (createApp without the response cache, as the tests build it, so every request computes; loopback server; ${runs} sequential requests each)`);
  const app = createApp({ db: target.db, config: loadConfig({}), limits: { apiPerMinute: 100_000_000 } });
  const server = await startWebServer(app, { host: '127.0.0.1', port: 0 });
  try {
    const rows: string[][] = [];
    for (const path of ROUTES) {
      for (const [label, query] of PERIODS) {
        const r = await measureRoute(server.url, `${path}${query}`, runs);
        if (r.cacheHits > 0) throw new Error(`${r.path}: ${r.cacheHits} answers came from the cache`);
        rows.push([path, label, fmt(r.firstMs, 1), fmt(r.p50Ms, 1), fmt(r.p99Ms, 1), fmt(r.bytes / 1024, 1)]);
      }
    }
    log(table(['route', 'period', 'first ms', 'p50 ms', 'p99 ms', 'answer kB'], rows));
    log(`p99 of ${runs} samples is the slowest one (nearest rank).`);
  } finally {
    await server.close();
  }
}

export async function benchFunnel(options: FunnelOptions): Promise<void> {
  const { log } = options;
  log(`\n## 5. The commercial funnel (${fmt(options.reservations)} reservations, PostgreSQL)`);
  const sim = await startSimProcess({
    scale: options.reservations, seed: 1,
    rateLimit: { limit: 100_000, windowMs: 60_000, lockoutMs: 60_000, retryAfterHeader: false },
  });
  const target = await createBenchDatabase('postgres', 10);
  try {
    const mirrorPerPage = await measureLoad(target, sim, options.reservations, log);
    // Autovacuum would analyze the freshly loaded tables within minutes; doing it now keeps the
    // figures below from depending on whether it already has.
    const started = performance.now();
    await target.db.exec('analyze');
    log(`\n(analyze of the whole database after the load: ${seconds(performance.now() - started)} s)`);
    await measureRefresh(target, options.refreshRuns ?? 20, mirrorPerPage, log);
    await measureRoutes(target, options.routeRuns ?? 30, log);
  } finally {
    await target.dispose();
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { reservations: { type: 'string', default: '10000' } } });
  await benchFunnel({ reservations: Number(values.reservations), log: (line) => console.log(line) });
}
