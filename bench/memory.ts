// Benchmark 8: peak resident memory of the product's own processes, each spawned as
// `node bin/cvcrm-etl.js …` and sampled every 100 ms from /proc/<pid>/status (VmRSS, and VmHWM,
// the kernel's high-water mark):
//   (i)   `serve` against PostgreSQL, idle 10 s after it listens;
//   (ii)  the same `serve` under autocannon against a few routes;
//   (iii) `sync` against PostgreSQL of N records from `cvcrm-etl simulator` in its own process,
//         a high request rate allowed on both sides;
//   (iv)  the demo, `start` with no DATABASE_URL (embedded PGlite in a temporary DATA_DIR): peak
//         during its first load, and idle after it.
//   node --import tsx bench/memory.ts [--records 60000] [--sales 20000] [--seconds 20] [--only serve,sync,demo]
//     [--node-options=--max-semi-space-size=4]  (NODE_OPTIONS of the measured processes, as the image sets it)
// Also: npm run bench:memory (-- --records 1000000 for a million records).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RESOURCES } from '../src/cvdw/catalog/index.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_CREDENTIALS } from '../src/simulator/index.ts';
import { runSync } from '../src/sync/run-sync.ts';
import { autocannonClients } from './lib/autocannon.ts';
import { cleanEnv, spawnCli, type CliProcess } from './lib/cli-process.ts';
import { createBenchDatabase } from './lib/db.ts';
import { fmt, table } from './lib/machine.ts';
import { multiplySales } from './lib/multiply-sales.ts';
import { watchRss } from './lib/proc-rss.ts';
import { startSimProcess, type SimProcess } from './lib/sim-process.ts';

export interface MemoryOptions {
  /** Records of the default resources the sync reads (iii); 0 leaves it out. */
  readonly records: number;
  /** Sales in public.vendas for (i) and (ii); 0 leaves serve out. */
  readonly sales: number;
  /** Seconds of autocannon in all, shared by the routes. */
  readonly seconds: number;
  readonly demo: boolean;
  readonly idleSeconds?: number;
  /** NODE_OPTIONS for the product's processes (e.g. the image's V8 settings); none by default. */
  readonly nodeOptions?: string;
  readonly log: (line: string) => void;
}

export interface MemoryRow {
  readonly what: string;
  readonly peakBytes: number;
  readonly idleBytes: number | undefined;
  readonly targetMiB: number;
  /** Which figure the target is for. */
  readonly against: 'peak' | 'idle';
}

const TODAY = '2026-11-20';
const ROUTES = ['/api/kpis', '/api/kpis?periodo=30', '/api/sales?periodo=30', '/api/dashboard?periodo=365', '/'];
/** Records a reservation brings in the default resources (sales core ≈ 9.6, funnel 37). */
const RECORDS_PER_RESERVATION = 46.6;
const MiB = 2 ** 20;
/** Distinct client addresses of the web load (each limited to 120 API requests a minute). */
const CLIENTS = 1_000;
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const nodeOptionsOf = (options: MemoryOptions): Record<string, string> => (options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureServe(options: MemoryOptions, log: (line: string) => void): Promise<MemoryRow[]> {
  const idleSeconds = options.idleSeconds ?? 10;
  // A small synced base (the sales core of 2,000 reservations) grown to the wanted sales in SQL.
  let sim: SimProcess | undefined = await startSimProcess({ scale: 2_000, seed: 1, today: TODAY, rateLimit: false });
  const target = await createBenchDatabase('postgres', 4);
  let serve: CliProcess | undefined;
  try {
    const config = loadConfig({
      CVCRM_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_API_TOKEN: DEMO_CREDENTIALS.token, CVCRM_BASE_URL: sim.url,
      CVCRM_REQUESTS_PER_MINUTE: '6000', CVCRM_PAGE_SIZE: '500',
    });
    const source = { baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token };
    const synced = await runSync({ db: target.db, config, account: config.accounts[0]!, source }, { resources: ['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos', 'empreendimentos'] });
    if (!synced.ok) throw new Error('the base sync for serve failed');
    const grown = await multiplySales(target.db, options.sales);
    await sim.stop();
    sim = undefined;
    log(`  serve: ${fmt(grown.total)} sales in public.vendas (${fmt(grown.synced)} synced, the rest copied)`);

    // Credentials of an address nothing answers on: serve must not start the built-in simulator
    // (that is demo mode), and it makes no CVDW request unless /health is asked.
    serve = spawnCli(['serve'], cleanEnv({
      ...nodeOptionsOf(options),
      DATABASE_URL: target.url!, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TRUST_PROXY: '1',
      CVCRM_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_API_TOKEN: DEMO_CREDENTIALS.token, CVCRM_BASE_URL: 'http://127.0.0.1:9',
    }));
    const rss = watchRss(serve.pid);
    const [, port] = await serve.waitFor(/(?:dashboard on|painel em) http:\/\/localhost:(\d+)/, 120_000);
    await sleep(idleSeconds * 1000);
    rss.sample();
    const idle = { peak: rss.peak(), now: rss.current() };
    log(`  serve idle ${idleSeconds} s after listening: ${fmt(idle.now / MiB)} MiB (peak so far ${fmt(idle.peak / MiB)} MiB); load average ${load()}`);
    const url = `http://127.0.0.1:${port}`;
    const each = Math.max(1, Math.round(options.seconds / ROUTES.length));
    const lines: string[] = [];
    for (const path of ROUTES) {
      const result = await autocannonClients(`${url}${path}`, each, 10, CLIENTS);
      rss.sample();
      lines.push(`${path} ${fmt(result.requests.average, 1)}/s p99 ${result.latency.p99} ms${result.non2xx + result.errors + result.timeouts > 0 ? ` (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)` : ''}`);
    }
    const underLoad = rss.peak();
    await sleep(2000);
    rss.sample();
    const after = rss.current();
    rss.stop();
    log(`  serve under autocannon (10 connections, ${fmt(CLIENTS)} client addresses, ${each} s a route): ${lines.join('; ')}`);
    log(`  serve peak ${fmt(underLoad / MiB)} MiB, ${fmt(after / MiB)} MiB 2 s after; load average ${load()}`);
    return [
      { what: `serve, idle (${idleSeconds} s after start)`, peakBytes: idle.peak, idleBytes: idle.now, targetMiB: 120, against: 'idle' },
      { what: `serve under web load (${fmt(grown.total)} sales)`, peakBytes: underLoad, idleBytes: after, targetMiB: 160, against: 'peak' },
    ];
  } finally {
    await serve?.stop();
    await sim?.stop();
    await target.dispose();
  }
}

async function countOf(url: string, resource: string): Promise<number> {
  const response = await fetch(`${url}/__control/data/count`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resource }) });
  if (!response.ok) throw new Error(`count ${resource}: HTTP ${response.status}`);
  const body = (await response.json()) as { count?: number } | number;
  return typeof body === 'number' ? body : Number(body.count);
}

async function measureSync(options: MemoryOptions, log: (line: string) => void): Promise<MemoryRow> {
  const scale = Math.max(1, Math.round(options.records / RECORDS_PER_RESERVATION));
  const simulator = spawnCli(['simulator', '--port', '0', '--scale', String(scale), '--limit', '100000', '--window', '60', '--today', TODAY], cleanEnv({}));
  const target = await createBenchDatabase('postgres', 2);
  try {
    const [, simUrl] = await simulator.waitFor(/listening on (http:\/\/\S+)/, 60_000);
    let inSource = 0;
    for (const resource of DEFAULT_RESOURCES) inSource += await countOf(simUrl!, resource);
    const before = load();
    const started = performance.now();
    const sync = spawnCli(['sync'], cleanEnv({
      ...nodeOptionsOf(options),
      DATABASE_URL: target.url!, LOG_LEVEL: 'warn',
      CVCRM_API_EMAIL: DEMO_CREDENTIALS.email, CVCRM_API_TOKEN: DEMO_CREDENTIALS.token, CVCRM_BASE_URL: simUrl!,
      CVCRM_REQUESTS_PER_MINUTE: '6000', CVCRM_PAGE_SIZE: '500', CVCRM_TIMEOUT_MS: '120000', CVCRM_MAX_RETRIES: '8',
    }));
    const rss = watchRss(sync.pid);
    const code = await sync.exited;
    rss.stop();
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`sync exited ${code}:\n${sync.tail()}`);
    const { rows } = await target.db.query<{ n: number }>('select coalesce(sum(records), 0)::int as n from etl.runs');
    log(`  sync: ${fmt(inSource)} records in the source (${fmt(scale)} reservations, ${DEFAULT_RESOURCES.length} resources), ${fmt(rows[0]!.n)} read, ${seconds.toFixed(0)} s; peak ${fmt(rss.peak() / MiB)} MiB; load average ${before} → ${load()}`);
    return { what: `sync of ${fmt(inSource)} records`, peakBytes: rss.peak(), idleBytes: undefined, targetMiB: 200, against: 'peak' };
  } finally {
    await simulator.stop();
    await target.dispose();
  }
}

async function measureDemo(options: MemoryOptions, log: (line: string) => void): Promise<MemoryRow> {
  const idleSeconds = options.idleSeconds ?? 10;
  const dataDir = mkdtempSync(join(tmpdir(), 'cvcrm-bench-demo-'));
  // No DATABASE_URL and no CVCRM credentials: embedded PGlite and the built-in simulator.
  const demo = spawnCli(['start'], cleanEnv({ ...nodeOptionsOf(options), DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }));
  try {
    const rss = watchRss(demo.pid);
    const started = performance.now();
    let units = 0;
    let finished = 0;
    const firstLoad = new Promise<void>((resolve) => {
      demo.onLine((line) => {
        const created = /"units":(\d+)[^\n]*work units created/.exec(line);
        if (created) units += Number(created[1]);
        if (line.includes('"work unit finished"')) finished += 1;
        if (units > 0 && finished >= units) resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the demo's first load did not end within 30 minutes:\n${demo.tail()}`)), 30 * 60_000);
    });
    try {
      await Promise.race([firstLoad, limit, demo.exited.then((code) => Promise.reject(new Error(`demo exited ${code}:\n${demo.tail()}`)))]);
    } finally {
      clearTimeout(timer);
    }
    const seconds = (performance.now() - started) / 1000;
    rss.sample();
    const peak = rss.peak();
    await sleep(idleSeconds * 1000);
    rss.sample();
    const idle = rss.current();
    rss.stop();
    log(`  demo: first load (${units} resources) in ${seconds.toFixed(0)} s, peak ${fmt(peak / MiB)} MiB; ${fmt(idle / MiB)} MiB ${idleSeconds} s after; load average ${load()}`);
    return { what: 'demo (start, embedded PGlite), first load', peakBytes: peak, idleBytes: idle, targetMiB: 450, against: 'peak' };
  } finally {
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchMemory(options: MemoryOptions): Promise<MemoryRow[]> {
  const { log } = options;
  log('\n## 8. Memory (peak RSS sampled every 100 ms from /proc/<pid>/status of the node process itself)');
  const rows: MemoryRow[] = [];
  if (options.sales > 0) rows.push(...(await measureServe(options, log)));
  if (options.records > 0) rows.push(await measureSync(options, log));
  if (options.demo) rows.push(await measureDemo(options, log));
  log('');
  log(table(['what', 'peak MiB', 'idle MiB', 'target MiB', 'ok/over'], rows.map((r) => {
    const figure = r.against === 'idle' ? r.idleBytes ?? r.peakBytes : r.peakBytes;
    return [r.what, fmt(r.peakBytes / MiB), r.idleBytes === undefined ? '—' : fmt(r.idleBytes / MiB), `${r.targetMiB} (${r.against})`, figure / MiB < r.targetMiB ? 'ok' : 'over'];
  })));
  log(`idle = VmRSS ${options.idleSeconds ?? 10} s after start (serve) or after the first load (demo); under load, 2 s after the last request. load average ${load()}`);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '60000' },
      sales: { type: 'string', default: '20000' },
      seconds: { type: 'string', default: '20' },
      only: { type: 'string', default: 'serve,sync,demo' },
      'node-options': { type: 'string', default: '' },
    },
  });
  const only = new Set(values.only.split(',').map((s) => s.trim()));
  const log = (line: string) => console.log(line);
  log(`command: node --import tsx bench/memory.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
  log(`date: ${new Date().toISOString()}; load average ${load()}`);
  await benchMemory({
    records: only.has('sync') ? Number(values.records) : 0,
    sales: only.has('serve') ? Number(values.sales) : 0,
    seconds: Number(values.seconds),
    demo: only.has('demo'),
    ...(values['node-options'] ? { nodeOptions: values['node-options'] } : {}),
    log,
  });
}
