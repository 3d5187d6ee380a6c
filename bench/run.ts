// The benchmarks: `npm run bench` (default preset), `npm run bench:small`, `npm run bench:large`.
//   node --import tsx bench/run.ts [--preset small|default|large] [--only extraction,loading,web,funnel,memory,accounts]
// `accounts` (several CV CRM accounts, 1, 2 and 4 worker processes) takes minutes, so it runs only
// when named: `npm run bench:accounts`.
// Each part creates its own throw-away database(s) and simulator on loopback and prints figures
// and ratios; nothing here asserts timings.
import { parseArgs } from 'node:util';
import { benchAccounts } from './accounts.ts';
import { benchExtraction } from './extraction.ts';
import { benchFunnel } from './funnel.ts';
import { benchLoading } from './loading.ts';
import { machineLine } from './lib/machine.ts';
import { benchMemory } from './memory.ts';
import { benchWeb } from './web-load.ts';

interface Preset {
  readonly extractionReservations: number;
  readonly originalSampleReservations: number;
  /** Reservations loaded by our path and by psql \copy (pre-generated up to 200,000). */
  readonly loadPostgres: number;
  /** 0 leaves PGlite out. */
  readonly loadPglite: number;
  readonly webSales: number;
  readonly webSeconds: number;
  /** Reservations for the funnel's load, refresh and route figures (leads ≈ 12 a reservation). */
  readonly funnelReservations: number;
  readonly accounts: number;
  readonly accountsMaxScale: number;
  /** Records the memory benchmark's sync reads; sales its serve reads; seconds of web load; the demo or not. */
  readonly memoryRecords: number;
  readonly memorySales: number;
  readonly memorySeconds: number;
  readonly memoryDemo: boolean;
}

const PRESETS: Readonly<Record<string, Preset>> = {
  small: { extractionReservations: 5_000, originalSampleReservations: 300, loadPostgres: 5_000, loadPglite: 2_000, webSales: 20_000, webSeconds: 5, funnelReservations: 2_000, accounts: 6, accountsMaxScale: 600, memoryRecords: 10_000, memorySales: 5_000, memorySeconds: 10, memoryDemo: false },
  default: { extractionReservations: 20_000, originalSampleReservations: 500, loadPostgres: 20_000, loadPglite: 5_000, webSales: 100_000, webSeconds: 10, funnelReservations: 10_000, accounts: 20, accountsMaxScale: 2_000, memoryRecords: 60_000, memorySales: 20_000, memorySeconds: 20, memoryDemo: true },
  large: { extractionReservations: 100_000, originalSampleReservations: 1_000, loadPostgres: 100_000, loadPglite: 20_000, webSales: 1_000_000, webSeconds: 20, funnelReservations: 50_000, accounts: 40, accountsMaxScale: 5_000, memoryRecords: 1_000_000, memorySales: 100_000, memorySeconds: 20, memoryDemo: true },
};

const { values } = parseArgs({ options: { preset: { type: 'string', default: 'default' }, only: { type: 'string' } } });
const preset = PRESETS[values.preset ?? 'default'];
if (!preset) throw new Error(`unknown preset ${values.preset}; use small, default or large`);
const parts = new Set((values.only ?? 'extraction,loading,web,funnel,memory').split(',').map((p) => p.trim()));
const log = (line: string) => console.log(line);

log(`# cvcrm-etl benchmarks, preset ${values.preset}${values.only ? ` (only ${values.only})` : ''}`);
log(`command: node --import tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
log(`date: ${new Date().toISOString()}`);
log(`machine: ${machineLine()}`);
const started = performance.now();

if (parts.has('extraction')) {
  await benchExtraction({ reservations: preset.extractionReservations, requestsPerMinute: 600, originalSampleReservations: preset.originalSampleReservations, log });
}
if (parts.has('loading')) {
  await benchLoading({ postgresRecords: preset.loadPostgres, pgliteRecords: preset.loadPglite, log });
}
if (parts.has('web')) {
  await benchWeb({ sales: preset.webSales, seconds: preset.webSeconds, log });
}
if (parts.has('funnel')) {
  await benchFunnel({ reservations: preset.funnelReservations, log });
}
if (parts.has('memory')) {
  await benchMemory({ records: preset.memoryRecords, sales: preset.memorySales, seconds: preset.memorySeconds, demo: preset.memoryDemo, log });
}
if (parts.has('accounts')) {
  await benchAccounts({
    accounts: preset.accounts, minScale: preset.accountsMaxScale / 10, maxScale: preset.accountsMaxScale,
    pageSize: 50, windowsPerAccount: 1.8, workerCounts: [1, 2, 4], log,
  });
}
log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end: ${machineLine().replace(/.*load average /, '').replace(/, node.*/, '')}`);
