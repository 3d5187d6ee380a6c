// Benchmark: many CV CRM accounts synced by 1, 2 and 4 real `cvcrm-etl worker` processes sharing
// one PostgreSQL. Each account has its own simulator (a process of its own, as each account is
// its own CV CRM server) with its own rate limit, and our budget for it is that limit. Measured:
// wall time, requests per second against the sum of the limits, 429s, the time for all accounts
// against the largest alone, the workers' peak memory, and the mirror's counts against the source.
import { tableNameOf } from '../src/cvdw/catalog/index.ts';
import { reconcileScheduleName } from '../src/ops/reconcile-scheduler.ts';
import { DEMO_CREDENTIALS } from '../src/simulator/index.ts';
import { CORE } from './extraction.ts';
import { createBenchDatabase } from './lib/db.ts';
import { fmt, ratio, table } from './lib/machine.ts';
import { startSimProcess, type SimProcess } from './lib/sim-process.ts';
import { peakInWindow } from './lib/stats.ts';
import { mirrorCount, parkReconciliation, unitSpans, waitForUnits } from './lib/work-unit-progress.ts';
import { startWorker } from './lib/worker-process.ts';

const TODAY = '2026-11-20';
/** The client's budget window is a minute (fixed in the product); the simulators use the same. */
const WINDOW_MS = 60_000;
/** A yearly tick already in the past: a worker starting on a fresh database claims it at once. */
const PAST_TICK_CRON = '0 0 1 1 *';

export interface AccountsBenchOptions {
  readonly accounts: number;
  readonly minScale: number;
  readonly maxScale: number;
  /** Records a page: small, so every account needs about two windows of requests. */
  readonly pageSize: number;
  /** (Requests needed + one closing request a resource) ÷ this = the account's limit: under 2, so the sync fits in two windows. */
  readonly windowsPerAccount: number;
  readonly workerCounts: readonly number[];
  readonly log: (line: string) => void;
}

interface Account {
  readonly name: string;
  readonly scale: number;
  readonly limit: number;
  readonly needed: number;
  readonly records: ReadonlyMap<string, number>;
  readonly sim: SimProcess;
}

interface Round {
  readonly label: string;
  readonly accounts: readonly Account[];
  readonly workers: number;
  readonly wallSeconds: number;
  readonly unitSeconds: number;
  readonly requests: number;
  readonly status429: number;
  readonly peakRssMiB: number;
  readonly mismatches: readonly string[];
  readonly failedUnits: number;
  readonly slowest: { conta: string; seconds: number };
  readonly overLimit: readonly string[];
}

function neededRequests(records: ReadonlyMap<string, number>, pageSize: number): number {
  let total = 0;
  for (const [resource, n] of records) total += resource === 'empreendimentos' ? 1 : Math.max(1, Math.ceil(n / pageSize));
  return total;
}

async function startAccounts(options: AccountsBenchOptions): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let i = 0; i < options.accounts; i++) {
    const step = options.accounts === 1 ? 0 : (options.maxScale - options.minScale) / (options.accounts - 1);
    const scale = Math.round(options.minScale + step * i);
    // Started without a limit to count the records; the limit is set from what the data needs.
    const probe = await startSimProcess({ scale, seed: 100 + i, today: TODAY, rateLimit: false });
    const records = new Map<string, number>();
    for (const resource of CORE) records.set(resource, await probe.count(resource));
    await probe.stop();
    const needed = neededRequests(records, options.pageSize);
    const limit = Math.max(10, Math.ceil((needed + CORE.length) / options.windowsPerAccount));
    const sim = await startSimProcess({
      scale, seed: 100 + i, today: TODAY,
      rateLimit: { limit, windowMs: WINDOW_MS, lockoutMs: 10_000, retryAfterHeader: false },
    });
    accounts.push({ name: `c${String(i + 1).padStart(2, '0')}`, scale, limit, needed, records, sim });
  }
  return accounts;
}

function workerEnv(url: string, accounts: readonly Account[], pageSize: number): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '10',
    CVCRM_ACCOUNTS: accounts.map((a) => a.name).join(','),
    CVCRM_PAGE_SIZE: String(pageSize),
    CVCRM_TIMEOUT_MS: '60000',
    CVCRM_MAX_RETRIES: '8',
    SYNC_CRON: PAST_TICK_CRON,
    SYNC_TIMEZONE: 'America/Sao_Paulo',
    LOG_LEVEL: 'warn',
  };
  for (const a of accounts) {
    const v = `CVCRM_${a.name.toUpperCase()}_`;
    env[`${v}BASE_URL`] = a.sim.url;
    env[`${v}API_EMAIL`] = DEMO_CREDENTIALS.email;
    env[`${v}API_TOKEN`] = DEMO_CREDENTIALS.token;
    env[`${v}REQUESTS_PER_MINUTE`] = String(a.limit);
    env[`${v}RESOURCES`] = CORE.join(',');
  }
  return env;
}

async function runRound(label: string, accounts: readonly Account[], workers: number, options: AccountsBenchOptions): Promise<Round> {
  // Fresh limits and counters: the previous round's requests must not count against this one.
  for (const a of accounts) {
    await a.sim.resetRateLimit();
    await a.sim.resetLog();
  }
  const target = await createBenchDatabase('postgres', 2);
  try {
    await parkReconciliation(target.db, accounts.map((a) => reconcileScheduleName(a.name)));
    const env = workerEnv(target.url!, accounts, options.pageSize);
    const started = performance.now();
    const processes = Array.from({ length: workers }, () => startWorker(env));
    const rssTimer = setInterval(() => processes.forEach((p) => p.peakRss()), 500);
    try {
      await waitForUnits(target.db, accounts.length * CORE.length, 15 * 60_000);
    } finally {
      clearInterval(rssTimer);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const peakRss = Math.max(...processes.map((p) => p.peakRss()));
    await Promise.all(processes.map((p) => p.stop()));

    const spans = await unitSpans(target.db);
    let requests = 0;
    let status429 = 0;
    const mismatches: string[] = [];
    const overLimit: string[] = [];
    for (const a of accounts) {
      const stats = await a.sim.stats();
      requests += stats.requests;
      status429 += stats.status429;
      const peak = peakInWindow((await a.sim.log()).map((e) => e[0]), WINDOW_MS);
      if (peak > a.limit) overLimit.push(`${a.name} ${peak}/${a.limit}`);
      for (const [resource, expected] of a.records) {
        const got = await mirrorCount(target.db, tableNameOf(resource), a.name);
        if (got !== expected) mismatches.push(`${a.name} ${resource}: mirror ${got}, simulator ${expected}`);
      }
    }
    const slowest = spans.perAccount.reduce((best, s) => (s.seconds > best.seconds ? { conta: s.conta, seconds: s.seconds } : best), { conta: '', seconds: 0 });
    return {
      label, accounts, workers, wallSeconds, unitSeconds: spans.allSeconds, requests, status429,
      peakRssMiB: peakRss / 2 ** 20, mismatches, overLimit, slowest,
      failedUnits: spans.perAccount.reduce((n, s) => n + s.failed, 0),
    };
  } finally {
    await target.dispose();
  }
}

function roundRow(r: Round, largestAloneSeconds: number | undefined): string[] {
  const sumLimits = r.accounts.reduce((n, a) => n + a.limit, 0);
  const allowedPerSecond = sumLimits / 60;
  const achieved = r.requests / r.unitSeconds;
  // A sliding one-minute window lets each account spend its whole limit at once, then once a
  // minute: over t seconds at most limit × ceil(t / 60) requests.
  const windowBound = r.accounts.reduce((n, a) => n + a.limit * Math.ceil(r.unitSeconds / 60.5), 0);
  return [
    r.label, String(r.workers), r.wallSeconds.toFixed(1), r.unitSeconds.toFixed(1), fmt(r.requests),
    achieved.toFixed(1), allowedPerSecond.toFixed(1), ratio(achieved, allowedPerSecond), ratio(r.requests, windowBound),
    String(r.status429), largestAloneSeconds === undefined ? '—' : ratio(r.unitSeconds, largestAloneSeconds),
    `${r.slowest.conta} ${r.slowest.seconds.toFixed(1)}`, r.peakRssMiB.toFixed(0),
  ];
}

export async function benchAccounts(options: AccountsBenchOptions): Promise<void> {
  const { log } = options;
  const accounts = await startAccounts(options);
  try {
    const totalRecords = accounts.reduce((n, a) => n + [...a.records.values()].reduce((x, y) => x + y, 0), 0);
    const sumLimits = accounts.reduce((n, a) => n + a.limit, 0);
    log(`\n## Accounts: ${accounts.length} CV CRM accounts (${fmt(options.minScale)}…${fmt(options.maxScale)} reservations, ${fmt(totalRecords)} records in ${CORE.length} resources each), 1 PostgreSQL, ${options.workerCounts.join(', ')} workers`);
    log(`Each account: its own simulator process, limit = ceil((requests needed + ${CORE.length}) ÷ ${options.windowsPerAccount}) per ${WINDOW_MS / 1000} s window (our budget = the same), ${options.pageSize} records a page. Sum of the limits ${fmt(sumLimits)}/min = ${(sumLimits / 60).toFixed(1)} requests/s.`);
    log(table(['account', 'reservations', 'records', 'needed', 'limit/min'], accounts.map((a) => [
      a.name, fmt(a.scale), fmt([...a.records.values()].reduce((x, y) => x + y, 0)), fmt(a.needed), fmt(a.limit),
    ])));
    const largest = accounts.reduce((best, a) => (a.scale > best.scale ? a : best));
    const alone = await runRound(`${largest.name} alone`, [largest], 1, options);
    const rounds: Round[] = [alone];
    for (const workers of options.workerCounts) rounds.push(await runRound(`all ${accounts.length}`, accounts, workers, options));

    log('\nwall s = from spawning the workers until every unit is done (includes start-up); units s = first unit claimed → last unit finished (database clock), the figure the ratios use.');
    log('req/s ratio = achieved ÷ sum of limits per second (a 60 s sliding window allows each limit at once, so this can exceed 1 over a short run); window ratio = requests ÷ Σ limit × ceil(units s ÷ 60.5), the most the windows allow (1.000 = every window full).');
    log(table(
      ['round', 'workers', 'wall s', 'units s', 'requests', 'req/s', 'limits/s', 'req/s ratio', 'window ratio', '429s', '÷ largest alone', 'slowest account s', 'peak RSS MiB'],
      rounds.map((r) => roundRow(r, r === alone ? undefined : alone.unitSeconds)),
    ));
    for (const r of rounds) {
      const problems = [
        r.failedUnits > 0 ? `${r.failedUnits} failed units` : '',
        r.overLimit.length > 0 ? `over the limit in a 60 s window: ${r.overLimit.join(', ')}` : '',
        r.mismatches.length > 0 ? `mirror ≠ simulator: ${r.mismatches.join('; ')}` : '',
      ].filter((p) => p !== '');
      log(`${r.label}, ${r.workers} worker(s): ${problems.length === 0 ? `every account's mirror equals its simulator (${r.accounts.length * CORE.length} tables), no window over its limit, no failed unit` : problems.join('; ')}`);
    }
  } finally {
    await Promise.all(accounts.map((a) => a.sim.stop()));
  }
}
