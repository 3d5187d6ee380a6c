// Benchmark 3: on the same rows, in one run, (a) the product's load path (`syncResource`: mapping,
// mirror upsert, business tables, bi refresh, checkpoint, a transaction per 500-row page) against
// (b) PostgreSQL alone taking those rows: `psql \copy` of cvdw.reservas as dumped after (a) into
// an unindexed table of the same columns. Reported as (a) ÷ (b). Each database is measured in a
// process of its own (load-child.ts).
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BASELINE_RUNS, PREGENERATE_MAX, type LoadResult } from './load-child.ts';
import { fmt, table } from './lib/machine.ts';

export interface LoadingOptions {
  readonly postgresRecords: number;
  /** 0 leaves PGlite out. */
  readonly pgliteRecords: number;
  readonly log: (line: string) => void;
}

export interface LoadingFigures {
  readonly postgresRatio: number;
  readonly pgliteRatio: number | undefined;
  readonly postgresRowsPerSecond: number;
}

function runChild(target: string, records: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--expose-gc', join(import.meta.dirname, 'load-child.ts'), '--target', target, '--records', String(records)], {
      maxBuffer: 10 * 2 ** 20,
      env: process.env,
    }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${target} ${records}: ${stderr || error.message}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line) as LoadResult);
    });
  });
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** Where (a)'s time went: statement round trips by kind, the rest in Node, of which GC. */
function breakdown(result: LoadResult): string {
  const entries = Object.entries(result.statements).sort((a, b) => b[1].ms - a[1].ms);
  const inDb = entries.reduce((a, [, v]) => a + v.ms, 0) / 1000;
  const top = entries.slice(0, 8).map(([k, v]) => `${k} ${(v.ms / 1000).toFixed(1)} s`);
  const rest = entries.slice(8).reduce((a, [, v]) => a + v.ms, 0) / 1000;
  if (rest > 0) top.push(`other statements ${rest.toFixed(1)} s`);
  const node = result.oursSeconds - inDb;
  return [
    `  statements (round trips, ${fmt(result.pages)} pages): ${inDb.toFixed(1)} s of ${result.oursSeconds.toFixed(1)} s (${((inDb / result.oursSeconds) * 100).toFixed(0)} %)`,
    `    ${top.join(', ')}`,
    `  in Node between statements (mapping, building parameters, the pg client): ${node.toFixed(1)} s (${((node / result.oursSeconds) * 100).toFixed(0)} %), of which GC pauses ${result.gcSeconds.toFixed(1)} s`,
  ].join('\n');
}

export async function benchLoading(options: LoadingOptions): Promise<LoadingFigures> {
  const { log } = options;
  log(`\n## 3. Loading: our load path (a) against psql \\copy of the same rows (b) (the simulator's reservations, ${fmt(500)}-row pages)`);
  const measure = async (target: 'postgres' | 'pglite', records: number) => {
    const before = load();
    const result = await runChild(target, records);
    log(`  measured ${target} ${fmt(records)}: (a) ${result.oursSeconds.toFixed(1)} s, (b) ${result.baselineRuns.map((t) => t.toFixed(1)).join(' / ')} s (median ${result.baselineSeconds.toFixed(1)}); ` +
      `${result.pregenerated ? 'records generated before the timing' : 'records generated during (a), their time taken off'} (${result.generationSeconds.toFixed(1)} s); load average ${before} → ${load()}`);
    return result;
  };
  const pg = await measure('postgres', options.postgresRecords);
  const lite = options.pgliteRecords > 0 ? await measure('pglite', options.pgliteRecords) : undefined;

  const row = (name: string, r: LoadResult) => [
    name, fmt(r.rows), fmt(r.baselineBytes / r.rows / 1024, 1), r.oursSeconds.toFixed(1), fmt(r.oursRowsPerSecond), r.baselineSeconds.toFixed(1), fmt(r.baselineRowsPerSecond), r.ratio.toFixed(3),
  ];
  log('');
  log(table(['database', 'rows', 'kB/row', '(a) s', '(a) rows/s', '(b) s', '(b) rows/s', '(a) ÷ (b)'], [
    row('PostgreSQL', pg),
    ...(lite ? [row('PGlite', lite)] : []),
  ]));
  log(`(a) = syncResource into a fresh migrated database: mapping, mirror upsert, public.vendas, bi.*, checkpoint and run counters, a transaction per page; record generation left out (generated before the timing up to ${fmt(PREGENERATE_MAX)} records).`);
  log(`(b) = the rows (a) left in cvdw.reservas, all columns, dumped as COPY text outside the timing, then \`psql \\copy\` into \`create table … (like cvdw.reservas)\` (no index, no key), timed ${BASELINE_RUNS} times (emptied in between) and the median kept; PGlite: COPY FROM '/dev/blob'. kB/row is the COPY text.`);
  log('PostgreSQL, where (a)\'s time went:');
  log(breakdown(pg));
  if (lite) {
    log('PGlite, where (a)\'s time went:');
    log(breakdown(lite));
  }
  return { postgresRatio: pg.ratio, pgliteRatio: lite?.ratio, postgresRowsPerSecond: pg.oursRowsPerSecond };
}
