// One loading measurement in a process of its own, on one set of rows:
//   (a) our load path: the real `syncResource` reading 500-row pages from a direct source (no
//       HTTP) into a fresh migrated database: mapping, mirror upsert, business tables, bi refresh,
//       checkpoint and run counters, a transaction a page;
//   (b) the baseline: the rows (a) left in cvdw.reservas, dumped as COPY text outside the timing,
//       then loaded by `psql \copy` (PGlite: COPY FROM '/dev/blob') into an unindexed table of the
//       same columns. Nothing of ours runs inside (b)'s timing.
// Prints one JSON line. Used by bench/loading.ts; can be run by hand:
//   node --import tsx bench/load-child.ts --target postgres --records 20000
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PRINCIPAL_ACCOUNT } from '../src/config-accounts.ts';
import { loadConfig } from '../src/config.ts';
import { getResource } from '../src/cvdw/catalog/index.ts';
import type { Dataset } from '../src/simulator/dataset.ts';
import { createSimulator } from '../src/simulator/index.ts';
import { claimLease } from '../src/sync/queries/lease.ts';
import { ensureResourceState } from '../src/sync/queries/resource-state.ts';
import { syncResource } from '../src/sync/sync-resource.ts';
import { createBenchDatabase, type BenchDatabase } from './lib/db.ts';
import { directSource } from './lib/direct-source.ts';
import { pregenerate } from './lib/pregenerate.ts';
import { timedDatabase } from './lib/timed-db.ts';

export interface LoadResult {
  readonly target: 'postgres' | 'pglite';
  readonly records: number;
  /** Rows in cvdw.reservas after (a): what both sides loaded. */
  readonly rows: number;
  /** Records generated before the timing (true) or during it, their time taken off (false). */
  readonly pregenerated: boolean;
  readonly generationSeconds: number;
  /** (a): seconds of our load path, generation excluded. */
  readonly oursSeconds: number;
  readonly oursRowsPerSecond: number;
  /** Statement round trips inside (a), by kind (first words of the statement). */
  readonly statements: Record<string, { ms: number; count: number }>;
  /** Garbage collection pauses inside (a). */
  readonly gcSeconds: number;
  readonly pages: number;
  /** (b): seconds of `psql \copy` (or PGlite's COPY) of the same rows into an unindexed table, the median of the runs. */
  readonly baselineSeconds: number;
  readonly baselineRuns: readonly number[];
  readonly baselineRowsPerSecond: number;
  readonly baselineBytes: number;
  readonly baselineTool: string;
  readonly ratio: number;
}

const PAGE = 500;
const SPEC = getResource('reservas');
/** Above this, holding every generated record in memory first costs more than it is worth. */
export const PREGENERATE_MAX = 200_000;
/** Times (b) is run; the median is reported. */
export const BASELINE_RUNS = 3;

async function loadOurs(target: BenchDatabase, dataset: Dataset): Promise<{ seconds: number; generationMs: number; statements: LoadResult['statements']; gcMs: number; pages: number }> {
  const { db, times } = timedDatabase(target.db);
  const source = directSource(dataset);
  const config = loadConfig({});
  await ensureResourceState(db, PRINCIPAL_ACCOUNT, SPEC.name);
  const holder = `bench:${process.pid}`;
  if (!(await claimLease(db, PRINCIPAL_ACCOUNT, SPEC.name, holder, 3600))) throw new Error('lease not taken');
  times.byKind.clear();
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  await syncResource({
    db,
    conta: PRINCIPAL_ACCOUNT,
    client: source,
    holder,
    host: 'bench',
    pageSize: PAGE,
    leaseSeconds: 3600,
    overlapMs: 0,
    undatedRecheckMs: 24 * 3600_000,
    pii: config.pii,
    requestCount: () => source.requests,
  }, SPEC, { full: false });
  const wallMs = performance.now() - started;
  gc.disconnect();
  return {
    seconds: (wallMs - source.generationMs) / 1000,
    generationMs: source.generationMs,
    statements: Object.fromEntries(times.byKind),
    gcMs,
    pages: source.requests,
  };
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 2 ** 20 }, (error, _stdout, stderr) => (error ? reject(new Error(`${command}: ${stderr || error.message}`)) : resolve()));
  });
}

/**
 * (b) is cheap next to (a), so it runs several times (the table emptied in between, outside the
 * timing) and the median is kept: on a shared machine one COPY can be slowed by someone else's
 * burst of disk writes.
 */
async function repeated(runs: number, reset: () => Promise<unknown>, work: () => Promise<void>): Promise<{ median: number; all: number[] }> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i > 0) await reset();
    const started = performance.now();
    await work();
    all.push((performance.now() - started) / 1000);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, all };
}

/** Dumps (outside the timing) and times `psql \copy` of the dump into an unindexed copy of the table. */
async function baselinePostgres(target: BenchDatabase): Promise<{ seconds: { median: number; all: number[] }; bytes: number }> {
  const url = target.url!;
  const dir = mkdtempSync(join(tmpdir(), 'cvcrm-bench-copy-'));
  const file = join(dir, 'reservas.copy');
  try {
    await run('psql', [url, '-X', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy (select * from cvdw.reservas) to '${file}'`]);
    // LIKE without INCLUDING: the same columns and types, NOT NULL only; no index, default or key.
    await target.db.exec('create schema bench; create table bench.copy_target (like cvdw.reservas)');
    const seconds = await repeated(BASELINE_RUNS, () => target.db.exec('truncate bench.copy_target'), async () => {
      await run('psql', [url, '-X', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench.copy_target from '${file}'`]);
    });
    return { seconds, bytes: statSync(file).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function baselinePglite(target: BenchDatabase): Promise<{ seconds: { median: number; all: number[] }; bytes: number }> {
  const pglite = target.pglite!;
  const dumped = await pglite.query('copy (select * from cvdw.reservas) to \'/dev/blob\'');
  const blob = dumped.blob;
  if (blob === undefined) throw new Error('PGlite returned no COPY data');
  await pglite.exec('create schema bench; create table bench.copy_target (like cvdw.reservas)');
  const seconds = await repeated(BASELINE_RUNS, () => pglite.exec('truncate bench.copy_target'), async () => {
    await pglite.query('copy bench.copy_target from \'/dev/blob\'', [], { blob });
  });
  return { seconds, bytes: blob.size };
}

async function count(target: BenchDatabase, table: string): Promise<number> {
  const { rows } = await target.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0]!.n;
}

export async function measureLoad(targetKind: 'postgres' | 'pglite', records: number, seed = 1): Promise<LoadResult> {
  const simulator = createSimulator({ scale: records, seed, today: '2026-11-20', rateLimit: false });
  const dataset = simulator.data as Dataset;
  const pregenerated = records <= PREGENERATE_MAX;
  const pregenerationMs = pregenerated ? pregenerate(dataset, SPEC.name) : 0;
  const target = await createBenchDatabase(targetKind, 2);
  try {
    global.gc?.();
    const ours = await loadOurs(target, dataset);
    const rows = await count(target, 'cvdw.reservas');
    const baseline = targetKind === 'postgres' ? await baselinePostgres(target) : await baselinePglite(target);
    const copied = await count(target, 'bench.copy_target');
    if (copied !== rows) throw new Error(`baseline loaded ${copied} rows, ours ${rows}`);
    const oursRowsPerSecond = rows / ours.seconds;
    const baselineRowsPerSecond = rows / baseline.seconds.median;
    return {
      target: targetKind, records, rows, pregenerated,
      generationSeconds: (pregenerationMs + ours.generationMs) / 1000,
      oursSeconds: ours.seconds, oursRowsPerSecond,
      statements: ours.statements, gcSeconds: ours.gcMs / 1000, pages: ours.pages,
      baselineSeconds: baseline.seconds.median, baselineRuns: baseline.seconds.all, baselineRowsPerSecond, baselineBytes: baseline.bytes,
      baselineTool: targetKind === 'postgres' ? 'psql \\copy' : "PGlite COPY FROM '/dev/blob'",
      ratio: oursRowsPerSecond / baselineRowsPerSecond,
    };
  } finally {
    await target.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { target: { type: 'string', default: 'postgres' }, records: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' } },
  });
  const target = values.target === 'pglite' ? 'pglite' : 'postgres';
  const result = await measureLoad(target, Number(values.records), Number(values.seed));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
