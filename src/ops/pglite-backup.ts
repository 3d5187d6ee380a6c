// Backup and restore of the embedded database: its data directory as a .tar.gz, through
// PGlite's own dump and load. Only one process may open the directory, so both refuse while
// another process holds DATA_DIR/pglite.lock (the same lock file openPglite writes).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { BackupError } from './pg-tools.ts';
import { isProcessAlive } from '../util/process-alive.ts';

export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** Holds DATA_DIR/pglite.lock while `work` runs; refuses when a live process holds it. */
async function withDataDirLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'pglite.lock');
  if (existsSync(lockFile)) {
    const owner = Number(readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
      throw new BackupError(
        `O banco embutido em ${dataDir} está em uso pelo processo ${owner}; encerre antes esse processo cvcrm-etl (o banco embutido aceita um processo por vez).`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

export async function backupPglite(dataDir: string, file: string): Promise<void> {
  const dir = pgliteDir(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    throw new BackupError(`Não há banco embutido em ${dataDir} para copiar.`);
  }
  await withDataDirLock(dataDir, async () => {
    const pglite = new PGlite({ dataDir: dir });
    try {
      await pglite.waitReady;
      const dump = await pglite.dumpDataDir('gzip');
      writeAtomically(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await pglite.close();
    }
  });
}

export async function restorePglite(dataDir: string, file: string): Promise<void> {
  const archive = readFileSync(file);
  if (!isTarArchive(archive)) {
    throw new BackupError(`${file} não é uma cópia do banco embutido (.tar.gz); um dump do PostgreSQL é restaurado com DATABASE_URL definido.`);
  }
  await withDataDirLock(dataDir, async () => {
    const dir = pgliteDir(dataDir);
    const staging = `${dir}.restoring`;
    const previous = `${dir}.previous`;
    rmSync(staging, { recursive: true, force: true });
    // Load into a side directory first: a bad archive leaves the current database untouched.
    const pglite = new PGlite({ dataDir: staging, loadDataDir: new Blob([archive]) });
    try {
      await pglite.waitReady;
      await pglite.query('select 1');
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new BackupError(`${file} não pôde ser carregado como banco embutido: ${(error as Error).message}`);
    } finally {
      if (!pglite.closed) await pglite.close().catch(() => undefined);
    }
    // The replaced database is kept once, as pglite.previous, until the next restore.
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(dir)) renameSync(dir, previous);
    renameSync(staging, dir);
  });
}

function isTarArchive(bytes: Buffer): boolean {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const tar = bytes.length > 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar';
  return gzip || tar;
}

/** Writes next to the target, then renames: a failure never leaves a truncated backup behind. */
export function writeAtomically(file: string, bytes: Buffer): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
}
