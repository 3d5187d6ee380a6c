// The embedded PostgreSQL (PGlite), stored under DATA_DIR. One process at a time may open a
// data directory, so a lock file names the owner and a second opener gets a clear error.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { TYPE_PARSERS, type Database, type Queryable, type QueryResult } from './database.ts';
import { KnownError } from '../util/known-error.ts';
import { isProcessAlive } from '../util/process-alive.ts';

export class DataDirInUseError extends KnownError {
  override readonly name = 'DataDirInUseError';
}

/**
 * The embedded server lives in this process's memory, and PGlite starts with PostgreSQL's server
 * defaults (shared_buffers 128MB, maintenance_work_mem 64MB…), sized for a machine of its own: its
 * WebAssembly memory only grows, so what the first load touches stays for the life of the process.
 * The demo's data is a few hundred MiB at most and is read through the OS page cache anyway.
 */
const MEMORY_SETTINGS = ['shared_buffers = 16MB', 'maintenance_work_mem = 16MB', 'temp_buffers = 2MB', 'wal_buffers = 1MB'];

/**
 * Creating a data directory runs initdb in a second PostgreSQL instance, whose ~300 MiB of
 * WebAssembly memory is garbage once the directory exists; V8 sees little JavaScript heap pressure
 * and would keep it until much later, under the first load. A few full collections, once in the
 * life of a data directory, give it back before anything else is loaded.
 */
async function releaseInitdbMemory(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // The instance's memory is freed only once its finalisers have run between collections.
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  let lockFile: string | undefined;
  let dbDir: string | undefined;
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    dbDir = join(dataDir, 'pglite');
    lockFile = join(dataDir, 'pglite.lock');
    takeLock(lockFile);
  }
  const fresh = dbDir === undefined || !existsSync(join(dbDir, 'PG_VERSION'));
  const pglite = new PGlite({ ...(dbDir ? { dataDir: dbDir } : {}), parsers: TYPE_PARSERS, postgresqlconf: MEMORY_SETTINGS });
  try {
    await pglite.waitReady;
    if (fresh && dbDir !== undefined) await releaseInitdbMemory();
  } catch (error) {
    if (lockFile) rmSync(lockFile, { force: true });
    throw error;
  }

  return wrapPglite(pglite, () => {
    if (lockFile) rmSync(lockFile, { force: true });
  });
}

/** The Database interface over an open PGlite instance. */
export function wrapPglite(pglite: PGlite, afterClose?: () => void): Database {
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params as unknown[] | undefined);
      // affectedRows is 0 for a select; the row count is then the rows returned.
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    // PGlite has no COPY protocol stream: the data travels as a blob the server reads as a file.
    async copyRows(table: string, columns: readonly string[], text: string): Promise<number> {
      const result = await target.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
      return result.affectedRows ?? 0;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pglite),
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    async exec(sql) {
      await pglite.exec(sql);
    },
    async tlsState() {
      return { encrypted: false, description: 'banco embutido (PGlite): sem rede, TLS não se aplica' };
    },
    async close() {
      if (!pglite.closed) await pglite.close();
      afterClose?.();
    },
  };
}

function takeLock(lockFile: string): void {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return;
  } catch {
    // Already there: stale when its process is gone.
  }
  const owner = Number(readFileSync(lockFile, 'utf8'));
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
    throw new DataDirInUseError(
      `O banco embutido em ${lockFile.replace(/pglite\.lock$/, '')} está em uso pelo processo ${owner}; encerre esse processo ou defina DATABASE_URL para compartilhar um servidor PostgreSQL.`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
}
