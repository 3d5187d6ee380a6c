// One loading measurement in a process of its own (so its peak RSS is its own): N generated
// reservations into a fresh database, either through the product's load path or by COPY into an
// unindexed table. Prints one JSON line. Used by bench/run.ts; can be run by hand:
//   node --import tsx bench/load-child.ts --target postgres --mode upsert --records 100000
import { PRINCIPAL_ACCOUNT } from '../src/config-accounts.ts';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { dataFields, getResource } from '../src/cvdw/catalog/index.ts';
import { quoteIdent } from '../src/db/ddl/mirror-ddl.ts';
import { claimLease } from '../src/sync/queries/lease.ts';
import { ensureResourceState } from '../src/sync/queries/resource-state.ts';
import { createSimulator } from '../src/simulator/index.ts';
import type { Dataset } from '../src/simulator/dataset.ts';
import { mapRecord } from '../src/sync/map-record.ts';
import { syncResource } from '../src/sync/sync-resource.ts';
import { createBenchDatabase, type BenchDatabase } from './lib/db.ts';
import { directSource } from './lib/direct-source.ts';
import { rssSampler } from './lib/machine.ts';
import { timedDatabase } from './lib/timed-db.ts';

export interface LoadResult {
  readonly target: 'postgres' | 'pglite';
  readonly mode: 'upsert' | 'copy';
  readonly records: number;
  readonly rowsLoaded: number;
  readonly wallSeconds: number;
  readonly generationSeconds: number;
  /** Wall time less record generation: the load itself. */
  readonly loadSeconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssBytes: number;
  readonly startRssBytes: number;
  readonly statements?: Record<string, { ms: number; count: number }>;
}

const PAGE = 500;
const SPEC = getResource('reservas');

async function loadUpsert(target: BenchDatabase, dataset: Dataset): Promise<{ rows: number; generationMs: number; statements: Record<string, { ms: number; count: number }> }> {
  const { db, times } = timedDatabase(target.db);
  const source = directSource(dataset);
  const config = loadConfig({});
  await ensureResourceState(db, PRINCIPAL_ACCOUNT, SPEC.name);
  const holder = `bench:${process.pid}`;
  if (!(await claimLease(db, PRINCIPAL_ACCOUNT, SPEC.name, holder, 3600))) throw new Error('lease not taken');
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
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from cvdw.reservas`);
  return { rows: rows[0]!.n, generationMs: source.generationMs, statements: Object.fromEntries(times.byKind) };
}

/** COPY text format: tab separated, \N for null, backslash escapes. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const COPY_COLUMNS = ['referencia', 'referencia_data', ...dataFields(SPEC).map((f) => f.name), 'payload', 'seen_in_run'];

/** Yields the mapped rows of the whole resource as COPY text, a page at a time. */
function* copyChunks(dataset: Dataset, clock: { generationMs: number }): Generator<string> {
  const selection = dataset.resource(SPEC.name).select({});
  for (let offset = 0; offset < selection.total; offset += PAGE) {
    const started = performance.now();
    const records = selection.rows(offset, PAGE);
    clock.generationMs += performance.now() - started;
    let text = '';
    for (const record of records) {
      const mapped = mapRecord(SPEC, record);
      if (!mapped.ok) continue;
      const row = mapped.row;
      text += `${COPY_COLUMNS.map((c) => copyValue(c === 'seen_in_run' ? 1 : row[c])).join('\t')}\n`;
    }
    yield text;
  }
}

async function loadCopy(target: BenchDatabase, dataset: Dataset): Promise<{ rows: number; generationMs: number }> {
  await target.db.exec('create schema if not exists bench; create table bench.copy_target as select * from cvdw.reservas with no data');
  const columns = COPY_COLUMNS.map(quoteIdent).join(', ');
  const sql = `copy bench.copy_target (${columns}) from stdin`;
  const clock = { generationMs: 0 };
  if (target.kind === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const stream = client.query(copyFrom(sql)) as unknown as Writable;
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', () => resolve());
        stream.on('error', reject);
      });
      for (const chunk of copyChunks(dataset, clock)) {
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
      await done;
    } finally {
      await client.end();
    }
  } else {
    // PGlite reads COPY data from a blob: one COPY per 50 pages keeps the blob small.
    const pglite = target.pglite!;
    let parts: string[] = [];
    const flush = async () => {
      if (parts.length === 0) return;
      await pglite.query(`copy bench.copy_target (${columns}) from '/dev/blob'`, [], { blob: new Blob(parts) });
      parts = [];
    };
    for (const chunk of copyChunks(dataset, clock)) {
      parts.push(chunk);
      if (parts.length >= 50) await flush();
    }
    await flush();
  }
  const { rows } = await target.db.query<{ n: number }>('select count(*)::int as n from bench.copy_target');
  return { rows: rows[0]!.n, generationMs: clock.generationMs };
}

export async function measureLoad(targetKind: 'postgres' | 'pglite', mode: 'upsert' | 'copy', records: number, seed = 1): Promise<LoadResult> {
  const target = await createBenchDatabase(targetKind, 2);
  try {
    const simulator = createSimulator({ scale: records, seed, today: '2026-11-20', rateLimit: false });
    const dataset = simulator.data as Dataset;
    global.gc?.();
    const startRss = process.memoryUsage().rss;
    const rss = rssSampler();
    const started = performance.now();
    const outcome = mode === 'upsert' ? await loadUpsert(target, dataset) : await loadCopy(target, dataset);
    const wall = (performance.now() - started) / 1000;
    const peak = rss.stop();
    const loadSeconds = wall - outcome.generationMs / 1000;
    return {
      target: targetKind, mode, records, rowsLoaded: outcome.rows, wallSeconds: wall,
      generationSeconds: outcome.generationMs / 1000, loadSeconds, rowsPerSecond: outcome.rows / loadSeconds,
      peakRssBytes: peak, startRssBytes: startRss,
      ...('statements' in outcome ? { statements: outcome.statements as Record<string, { ms: number; count: number }> } : {}),
    };
  } finally {
    await target.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { target: { type: 'string', default: 'postgres' }, mode: { type: 'string', default: 'upsert' }, records: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } },
  });
  const target = values.target === 'pglite' ? 'pglite' : 'postgres';
  const mode = values.mode === 'copy' ? 'copy' : 'upsert';
  const result = await measureLoad(target, mode, Number(values.records), Number(values.seed));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

