// Benchmark 4: the web side under load while a sync writes. N sales in public.vendas (a synced
// base multiplied in SQL), a full sync looping against a rate-limited simulator meanwhile,
// autocannon on loopback against /api/kpis, /api/sales?periodo=30 and /, and headless Chromium
// timing until the KPI cards and charts show.
//   node --import tsx bench/web-load.ts [--sales 100000] [--seconds 10]
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { DEMO_CREDENTIALS } from '../src/simulator/index.ts';
import { runSync } from '../src/sync/run-sync.ts';
import { createBenchDatabase } from './lib/db.ts';
import { autocannon } from './lib/autocannon.ts';
import { fmt, machineLine, table } from './lib/machine.ts';
import { multiplySales } from './lib/multiply-sales.ts';
import { startSimProcess } from './lib/sim-process.ts';

export interface WebOptions {
  readonly sales: number;
  /** Seconds of autocannon per endpoint. */
  readonly seconds: number;
  readonly connections?: number;
  /** Keep a sync running during the measurement (default true). */
  readonly withSync?: boolean;
  readonly log: (line: string) => void;
}

export interface WebFigures {
  readonly endpoints: { path: string; requestsPerSecond: number; p50: number; p99: number; non2xx: number }[];
  chromiumMs: number[];
}

const CORE = ['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos', 'empreendimentos'];
const BASE_RESERVATIONS = 10_000;

/** Milliseconds from navigation until the cards and charts are filled (the page's "updated at" line). */
async function chromiumTimings(url: string, runs: number): Promise<number[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(url, { waitUntil: 'commit' });
      // Selectors only: the page's Content-Security-Policy forbids evaluating script text.
      try {
        await page.locator('#updated-at', { hasText: 'Atualizado' }).waitFor({ timeout: 60_000 });
        await page.locator('body:not(.loading) #chart-mensal').waitFor({ timeout: 60_000 });
      } catch (error) {
        const updated = await page.locator('#updated-at').textContent().catch(() => null);
        const banner = await page.locator('#error-banner').textContent().catch(() => null);
        throw new Error(`the dashboard did not finish loading (footer "${updated}", error "${banner}"): ${String(error).slice(0, 200)}`);
      }
      times.push(performance.now() - started);
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}

export async function benchWeb(options: WebOptions): Promise<WebFigures | undefined> {
  const { log } = options;
  let appModule: typeof import('../src/web/app.ts');
  let serverModule: typeof import('../src/web/server.ts');
  try {
    appModule = await import('../src/web/app.ts');
    serverModule = await import('../src/web/server.ts');
  } catch (error) {
    log(`\n## 4. Web load: skipped, the web application does not load (${String(error).slice(0, 200)})`);
    return undefined;
  }
  const connections = options.connections ?? 10;
  log(`\n## 4. Web under load (${fmt(options.sales)} sales, ${options.withSync === false ? 'no sync running' : 'a sync running'}, ${connections} connections, ${options.seconds} s per endpoint, PostgreSQL)`);
  log(`machine at start: ${machineLine()}`);
  const sim = await startSimProcess({ scale: BASE_RESERVATIONS, seed: 1, rateLimit: { limit: 600, windowMs: 60_000, lockoutMs: 60_000, retryAfterHeader: false } });
  const target = await createBenchDatabase('postgres', 10);
  const syncAbort = new AbortController();
  let syncLoop: Promise<number> | undefined;
  try {
    const syncConfig = loadConfig({
      CVCRM_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_API_TOKEN: DEMO_CREDENTIALS.token, CVCRM_BASE_URL: sim.url,
      CVCRM_REQUESTS_PER_MINUTE: '600', CVCRM_PAGE_SIZE: '500',
    });
    const source = { baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token };
    const first = await runSync({ db: target.db, config: syncConfig, account: syncConfig.accounts[0]!, source }, { resources: CORE });
    if (!first.ok) throw new Error('initial sync failed');
    // Multiply the synced sales to the wanted count, spread over the last two years.
    const grown = await multiplySales(target.db, options.sales);
    log(`sales in public.vendas: ${fmt(grown.total)} (${fmt(grown.synced)} synced, the rest copied in ${grown.seconds.toFixed(1)} s)`);

    const app = appModule.createApp({ db: target.db, config: loadConfig({}), limits: { apiPerMinute: 100_000_000 }, cacheResponses: true });
    const server = await serverModule.startWebServer(app, { host: '127.0.0.1', port: 0 });
    // The same application without the kept answers: every request computes, as the first one
    // after each sync run does in the served product.
    const uncachedApp = appModule.createApp({ db: target.db, config: loadConfig({}), limits: { apiPerMinute: 100_000_000 }, cacheResponses: false });
    const uncached = await serverModule.startWebServer(uncachedApp, { host: '127.0.0.1', port: 0 });
    // The sync keeps writing (full re-reads, at 600 requests a minute) for the whole measurement.
    let syncRuns = 0;
    syncLoop = (async () => {
      while (options.withSync !== false && !syncAbort.signal.aborted) {
        await runSync({ db: target.db, config: syncConfig, account: syncConfig.accounts[0]!, source }, { resources: CORE, full: true, signal: syncAbort.signal }).catch(() => undefined);
        syncRuns++;
      }
      return syncRuns;
    })();
    try {
      const figures: WebFigures = { endpoints: [], chromiumMs: [] };
      const rows: string[][] = [];
      for (const path of ['/api/kpis', '/api/kpis?periodo=30', '/api/sales?periodo=30', '/']) {
        const result = await autocannon(`${server.url}${path}`, options.seconds, connections);
        figures.endpoints.push({ path, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx });
        rows.push([path, fmt(result.requests.average, 1), String(result.latency.p50), String(result.latency.p99), String(result.latency.max), String(result.non2xx + result.errors + result.timeouts)]);
      }
      for (const path of ['/api/kpis']) {
        const result = await autocannon(`${uncached.url}${path}`, options.seconds, connections);
        figures.endpoints.push({ path: `${path} (uncached)`, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx });
        rows.push([`${path} (uncached)`, fmt(result.requests.average, 1), String(result.latency.p50), String(result.latency.p99), String(result.latency.max), String(result.non2xx + result.errors + result.timeouts)]);
      }
      log(table(['path', 'requests/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx/errors'], rows));
      try {
        figures.chromiumMs = await chromiumTimings(`${server.url}/`, 3);
        log(`Chromium, navigation until the KPI cards and charts show (3 cold loads): ${figures.chromiumMs.map((t) => `${fmt(t)} ms`).join(', ')}`);
      } catch (error) {
        log(`Chromium timing skipped: ${String(error).slice(0, 300)}`);
      }
      return figures;
    } finally {
      syncAbort.abort();
      const runs = await syncLoop;
      log(`full syncs running meanwhile: ${runs} started`);
      log(`machine at end: ${machineLine()}`);
      await server.close();
      await uncached.close();
    }
  } finally {
    syncAbort.abort();
    await syncLoop?.catch(() => undefined);
    await target.dispose();
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sales: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, 'no-sync': { type: 'boolean', default: false } } });
  await benchWeb({ sales: Number(values.sales), seconds: Number(values.seconds), connections: Number(values.connections), withSync: !values['no-sync'], log: (line) => console.log(line) });
}
