// Benchmark 3: rows per second through the product's load path (mapping, one-statement mirror
// upsert, business refresh and checkpoint per 500-row page) against COPY of the same rows into an
// unindexed table, on PostgreSQL and PGlite; and peak RSS at two sizes. Each measurement runs in
// a process of its own (load-child.ts).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult } from './load-child.ts';
import { fmt, table } from './lib/machine.ts';

export interface LoadingOptions {
  readonly postgresRecords: number;
  readonly pgliteRecords: number;
  /** Peak RSS is compared between these two sizes (upsert into PostgreSQL). */
  readonly memorySmall: number;
  readonly log: (line: string) => void;
}

export interface LoadingFigures {
  readonly postgresRatio: number;
  readonly pgliteRatio: number;
  readonly memoryRatio: number;
  readonly postgresRowsPerSecond: number;
}

function runChild(target: string, mode: string, records: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--expose-gc', join(import.meta.dirname, 'load-child.ts'), '--target', target, '--mode', mode, '--records', String(records)], {
      maxBuffer: 10 * 2 ** 20,
      env: process.env,
    }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${target} ${mode} ${records}: ${stderr || error.message}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line) as LoadResult);
    });
  });
}

const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

function statementBreakdown(result: LoadResult): string {
  const entries = Object.entries(result.statements ?? {}).sort((a, b) => b[1].ms - a[1].ms).slice(0, 5);
  const db = entries.reduce((a, [, v]) => a + v.ms, 0);
  const parts = entries.map(([k, v]) => `${k} ${(v.ms / 1000).toFixed(1)} s`);
  return `${parts.join(', ')}; in the database ${(db / 1000).toFixed(1)} s of ${result.loadSeconds.toFixed(1)} s`;
}

export async function benchLoading(options: LoadingOptions): Promise<LoadingFigures> {
  const { log } = options;
  log(`\n## 3. Loading (reservations, ${fmt(500)}-row pages)`);
  const results: LoadResult[] = [];
  const measure = async (target: 'postgres' | 'pglite', mode: 'upsert' | 'copy', records: number) => {
    const result = await runChild(target, mode, records);
    results.push(result);
    log(`  measured ${target} ${mode} ${fmt(records)}: ${fmt(result.rowsPerSecond)} rows/s (${result.loadSeconds.toFixed(1)} s + ${result.generationSeconds.toFixed(1)} s generating), peak RSS ${mb(result.peakRssBytes)}`);
    return result;
  };
  const pgUpsert = await measure('postgres', 'upsert', options.postgresRecords);
  const pgCopy = await measure('postgres', 'copy', options.postgresRecords);
  const smallUpsert = await measure('postgres', 'upsert', options.memorySmall);
  const liteUpsert = await measure('pglite', 'upsert', options.pgliteRecords);
  const liteCopy = await measure('pglite', 'copy', options.pgliteRecords);

  log('');
  log(table(['database', 'rows', 'ours rows/s', 'COPY rows/s', 'ours ÷ COPY'], [
    ['PostgreSQL', fmt(options.postgresRecords), fmt(pgUpsert.rowsPerSecond), fmt(pgCopy.rowsPerSecond), (pgUpsert.rowsPerSecond / pgCopy.rowsPerSecond).toFixed(3)],
    ['PGlite', fmt(options.pgliteRecords), fmt(liteUpsert.rowsPerSecond), fmt(liteCopy.rowsPerSecond), (liteUpsert.rowsPerSecond / liteCopy.rowsPerSecond).toFixed(3)],
  ]));
  log('Rates leave out the time the simulator spends generating records; both sides include mapping the records in Node (COPY rows are the same mapped rows, as COPY text). The upsert side also writes the sales table, the checkpoint and the run counters each page.');
  log(`PostgreSQL upsert, where the time went: ${statementBreakdown(pgUpsert)}`);
  log(`PGlite upsert, where the time went: ${statementBreakdown(liteUpsert)}`);
  const memoryRatio = pgUpsert.peakRssBytes / smallUpsert.peakRssBytes;
  log(`\nPeak RSS (upsert into PostgreSQL): ${fmt(options.memorySmall)} records ${mb(smallUpsert.peakRssBytes)}, ${fmt(options.postgresRecords)} records ${mb(pgUpsert.peakRssBytes)}: ratio ${memoryRatio.toFixed(2)} for ${fmt(options.postgresRecords / options.memorySmall)}× the records (process RSS at start ≈ ${mb(smallUpsert.startRssBytes)}).`);
  return {
    postgresRatio: pgUpsert.rowsPerSecond / pgCopy.rowsPerSecond,
    pgliteRatio: liteUpsert.rowsPerSecond / liteCopy.rowsPerSecond,
    memoryRatio,
    postgresRowsPerSecond: pgUpsert.rowsPerSecond,
  };
}
