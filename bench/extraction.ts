// Benchmarks 1 and 2: a full extraction against its rate-limit bound, an incremental run after 1 %
// of the reservations changed, and the original design (25 records a page, one request a second,
// 1,000 records a sync) against ours on the same data.
import { loadConfig } from '../src/config.ts';
import { DEMO_CREDENTIALS } from '../src/simulator/index.ts';
import { combineObservers, type ResourceSummary } from '../src/sync/observer.ts';
import { runSync } from '../src/sync/run-sync.ts';
import { createBenchDatabase } from './lib/db.ts';
import { fmt, ratio, table } from './lib/machine.ts';
import { measurePageWaits } from './lib/page-waits.ts';
import { startSimProcess } from './lib/sim-process.ts';
import { peakInWindow } from './lib/stats.ts';

export const CORE = ['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos', 'empreendimentos'] as const;
const PAGE = 500;
const TODAY = '2026-11-20';

export interface ExtractionOptions {
  readonly reservations: number;
  readonly requestsPerMinute: number;
  /** Reservations for the short measured run of the original design's paging. */
  readonly originalSampleReservations: number;
  readonly log: (line: string) => void;
}

export interface ExtractionFigures {
  readonly fullRequestRatio: number;
  readonly fullTimeRatio: number;
  readonly incrementalRequestRatio: number;
  readonly fullRequests: number;
  readonly totalRecords: number;
}

function needed(records: number, pageSize: number, resource: string): number {
  // The project list is one plain array: one request whatever its size.
  if (resource === 'empreendimentos') return 1;
  return Math.max(1, Math.ceil(records / pageSize));
}

function configFor(url: string, perMinute: number, pageSize: number) {
  return loadConfig({
    CVCRM_API_EMAIL: DEMO_CREDENTIALS.email,
    CVCRM_API_TOKEN: DEMO_CREDENTIALS.token,
    CVCRM_BASE_URL: url,
    CVCRM_REQUESTS_PER_MINUTE: String(perMinute),
    CVCRM_PAGE_SIZE: String(pageSize),
    CVCRM_TIMEOUT_MS: '60000',
    CVCRM_MAX_RETRIES: '8',
  });
}

export async function benchExtraction(options: ExtractionOptions): Promise<ExtractionFigures> {
  const { log } = options;
  const perMinute = options.requestsPerMinute;
  const perSecond = perMinute / 60;
  const sim = await startSimProcess({
    scale: options.reservations, seed: 1, today: TODAY,
    rateLimit: { limit: perMinute, windowMs: 60_000, lockoutMs: 60_000, retryAfterHeader: false },
  });
  const target = await createBenchDatabase('postgres', 4);
  try {
    const counts = new Map<string, number>();
    for (const resource of CORE) counts.set(resource, await sim.count(resource));
    const totalRecords = [...counts.values()].reduce((a, b) => a + b, 0);
    log(`\n## 1. Extraction against its bound (${fmt(options.reservations)} reservations, ${fmt(totalRecords)} records in ${CORE.length} resources, ${perMinute} requests/minute, ${PAGE} a page, PostgreSQL)`);

    let budgetWaitMs = 0;
    let pauseWaitMs = 0;
    let httpSeconds = 0;
    const config = configFor(sim.url, perMinute, PAGE);
    const source = { baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token };
    const observer = {
      onRequest: (_resource: string, _status: number, seconds: number) => {
        httpSeconds += seconds;
      },
      onRateLimitWait: (ms: number, reason: 'budget' | 'pause') => {
        if (reason === 'budget') budgetWaitMs += ms;
        else pauseWaitMs += ms;
      },
    };
    const waits = measurePageWaits();
    waits.start();
    const full = await runSync({ db: target.db, config, account: config.accounts[0]!, source, observer: combineObservers(observer, waits.observer) }, { resources: [...CORE] });
    waits.stop();
    if (!full.ok) throw new Error(`full sync failed: ${JSON.stringify(full.resources.filter((r) => r.status !== 'succeeded'))}`);
    const fullLog = await sim.log();
    const rows: string[][] = [];
    let sumNeeded = 0;
    let sumMade = 0;
    for (const r of full.resources) {
      const records = counts.get(r.resource)!;
      const need = needed(records, PAGE, r.resource);
      sumNeeded += need;
      sumMade += r.requests;
      rows.push([r.resource, fmt(records), fmt(need), fmt(r.requests), ratio(r.requests, need), r.seconds.toFixed(1), (need / perSecond).toFixed(1), ratio(r.seconds, need / perSecond)]);
    }
    const boundSeconds = sumNeeded / perSecond;
    rows.push(['total', fmt(totalRecords), fmt(sumNeeded), fmt(sumMade), ratio(sumMade, sumNeeded), full.seconds.toFixed(1), boundSeconds.toFixed(1), ratio(full.seconds, boundSeconds)]);
    log(table(['resource', 'records', 'needed', 'made', 'req ratio', 'wall s', 'bound s', 'time ratio'], rows));
    const status429 = fullLog.filter((e) => e[2] === 429).length;
    const peak = peakInWindow(fullLog.map((e) => e[0]), 60_000);
    log(`requests/s achieved: ${(sumMade / full.seconds).toFixed(2)} (allowed ${perSecond.toFixed(2)}); records/s: ${fmt(totalRecords / full.seconds)}; waits for the budget: ${(budgetWaitMs / 1000).toFixed(1)} s, 429 pauses: ${(pauseWaitMs / 1000).toFixed(1)} s`);
    // Requests overlap loads: what counts against the wall time is the wait for the next page.
    const waitingSeconds = waits.waitingSeconds();
    const requestSeconds = httpSeconds + (budgetWaitMs + pauseWaitMs) / 1000;
    log(`where the wall time went: ${waitingSeconds.toFixed(1)} s with the page loop waiting for its next page, the remaining ${(full.seconds - waitingSeconds).toFixed(1)} s parsing, mapping and loading into PostgreSQL`);
    log(`requests: ${httpSeconds.toFixed(1)} s in HTTP (simulator generating and sending pages) and ${((budgetWaitMs + pauseWaitMs) / 1000).toFixed(1)} s waiting for the budget, ${Math.max(0, requestSeconds - waitingSeconds).toFixed(1)} s of it while a page loaded; peak RSS ${fmt(waits.peakRss() / 2 ** 20)} MiB`);
    log(`429 answers: ${status429}; most requests in any 60 s window: ${peak} (limit ${perMinute})`);
    log(`bound = needed requests ÷ ${perSecond.toFixed(1)} requests/s. With a 60 s sliding window the first ${perMinute} requests may go at once, so a load of ≤ ${perMinute} requests can beat this bound; above it the bound holds.`);

    // Incremental: 1 % of the reservations change an hour later, one change a second; then the
    // same again as one bulk update (every change in the same second).
    const changed = Math.max(1, Math.round(options.reservations / 100));
    let firstRatio = 0;
    for (const [label, seed, spreadMs] of [['one change a second', 42, 1000], ['all in the same second (a bulk update)', 43, 0]] as const) {
      await sim.advance(3600_000);
      const updated = await sim.updateRandom('reservas', changed, seed, spreadMs);
      await sim.advance(1000);
      await sim.resetLog();
      httpSeconds = 0;
      const incremental = await runSync({ db: target.db, config, account: config.accounts[0]!, source, observer }, { resources: [...CORE] });
      if (!incremental.ok) throw new Error('incremental sync failed');
      const reservas = incremental.resources.find((r) => r.resource === 'reservas')!;
      const needInc = Math.ceil(updated / PAGE);
      if (seed === 42) firstRatio = reservas.requests / needInc;
      const others = incremental.resources.filter((r) => r.resource !== 'reservas');
      log(`\n### Incremental run after ${fmt(updated)} reservations (1 %) changed, ${label}`);
      log(table(['resource', 'records read', 'requests', 'needed', 'ratio', 'wall s'], [
        ['reservas', fmt(reservas.records), fmt(reservas.requests), fmt(needInc), ratio(reservas.requests, needInc), reservas.seconds.toFixed(1)],
        ['6 unchanged resources', fmt(others.reduce((a, r) => a + r.records, 0)), fmt(others.reduce((a, r) => a + r.requests, 0)), String(others.length), ratio(others.reduce((a, r) => a + r.requests, 0), others.length), others.reduce((a, r) => a + r.seconds, 0).toFixed(1)],
      ]));
      const { rows: check } = await target.db.query<{ n: number }>(
        `select count(*)::int as n from cvdw.reservas where payload->>'observacoes' = $1::text and deleted_at is null`, [`alterada ${seed}`],
      );
      log(`changed reservations present in the mirror after the run: ${fmt(check[0]!.n)} of ${fmt(updated)}`);
    }

    await benchOriginal({ ...options, counts, ourFullRequests: sumMade, ourNeeded: sumNeeded });
    return {
      fullRequestRatio: sumMade / sumNeeded,
      fullTimeRatio: full.seconds / boundSeconds,
      incrementalRequestRatio: firstRatio,
      fullRequests: sumMade,
      totalRecords,
    };
  } finally {
    await target.dispose();
    await sim.stop();
  }
}

/**
 * The original design against ours. Requests per page size are measured on a short run (our
 * client at 25 records a page, on a smaller data set of the same shape); times are computed from
 * the request counts: the original waits 1 s between requests, ours is held to 20 a minute.
 */
async function benchOriginal(options: ExtractionOptions & { counts: Map<string, number>; ourFullRequests: number; ourNeeded: number }): Promise<void> {
  const { log, counts } = options;
  const sample = options.originalSampleReservations;
  const sim = await startSimProcess({ scale: sample, seed: 1, today: TODAY, rateLimit: false });
  const target = await createBenchDatabase('postgres', 2);
  try {
    const sampleCounts = new Map<string, number>();
    for (const resource of CORE) sampleCounts.set(resource, await sim.count(resource));
    const started = performance.now();
    const sampleConfig = configFor(sim.url, 6000, 25);
    const summary = await runSync({ db: target.db, config: sampleConfig, account: sampleConfig.accounts[0]!, source: { baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token } }, { resources: [...CORE] });
    const sampleSeconds = (performance.now() - started) / 1000;
    if (!summary.ok) throw new Error('sample sync at 25 a page failed');
    const sampleMade = summary.resources.reduce((a, r: ResourceSummary) => a + r.requests, 0);
    const sampleNeeded = CORE.reduce((a, r) => a + needed(sampleCounts.get(r)!, 25, r), 0);
    const overhead = sampleMade / sampleNeeded;

    const n = options.reservations;
    const neededAt25 = CORE.reduce((a, r) => a + needed(counts.get(r)!, 25, r), 0);
    const originalRequests = Math.round(neededAt25 * overhead);
    const largest = Math.max(...CORE.map((r) => counts.get(r)!));
    const syncsReservas = Math.ceil(n / 1000);
    const syncsAll = Math.ceil(largest / 1000);
    const ours = options.ourFullRequests;
    const originalHours = originalRequests / 3600;
    const originalHoursAt20 = originalRequests / 20 / 60;
    const oursHours = ours / 20 / 60;
    log(`\n## 2. Against the original design (${fmt(n)} reservations, ${fmt([...counts.values()].reduce((a, b) => a + b, 0))} records)`);
    log(`Measured: our client at 25 records a page on ${fmt(sample)} reservations made ${fmt(sampleMade)} requests for ${fmt(sampleNeeded)} needed (×${overhead.toFixed(3)}, ${sampleSeconds.toFixed(1)} s unthrottled); the original's counts below are ceil(records/25) per resource × that factor. Times are computed: 1 s per request for the original, 3 s per request (20/minute) for ours.`);
    log(table(['design', 'page', 'requests', 'syncs for a full copy', 'hours of requests', 'hours at 20/min'], [
      ['original', '25', fmt(originalRequests), `${fmt(syncsReservas)} (reservas) / ${fmt(syncsAll)} (largest resource, ${fmt(largest)} records)`, originalHours.toFixed(2), originalHoursAt20.toFixed(2)],
      ['ours', '500', fmt(ours), '1', '—', oursHours.toFixed(2)],
    ]));
    log(`ratio original ÷ ours: requests ×${(originalRequests / ours).toFixed(1)}; time ×${(originalHours / oursHours).toFixed(1)} (original at 1 request/s, which the real API's ~20/minute does not allow: ×${(originalHoursAt20 / oursHours).toFixed(1)} at the same 20/minute). With the original's 1,000-record cap and the default schedule (5 syncs a day, 06–22 h every 4 h) the first complete copy of reservas takes ${fmt(syncsReservas)} syncs ≈ ${(syncsReservas / 5).toFixed(0)} days, of the largest resource ${(syncsAll / 5).toFixed(0)} days; ours takes one sync of ${oursHours.toFixed(2)} h.`);
  } finally {
    await target.dispose();
    await sim.stop();
  }
}
