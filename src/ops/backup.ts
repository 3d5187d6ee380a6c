// `cvcrm-etl backup [FILE]` and `restore FILE`: a consistent dump of the configured database and
// its restore. A real server is dumped with pg_dump (custom format, one snapshot, schemas cvdw,
// etl and public); the embedded database is archived whole.
import { mkdirSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import { openPostgres } from '../db/postgres-database.ts';
import type { Logger } from './logger.ts';
import { BackupError, findPgTool, pgEnvFromUrl, runPgTool } from './pg-tools.ts';
import { backupPglite, restorePglite } from './pglite-backup.ts';
import { scrubSentence } from '../util/scrub.ts';

export { BackupError } from './pg-tools.ts';

export const BACKUP_SCHEMAS = ['cvdw', 'etl', 'public', 'bi'] as const;

export interface BackupOptions {
  readonly config: Pick<Config, 'database' | 'dataDir'>;
  /** Default: DATA_DIR/backups/cvcrm-etl-YYYYMMDD-HHMMSS.(dump|tar.gz). */
  readonly file?: string | undefined;
  readonly logger: Logger;
  /** Where pg_dump/pg_restore/psql live, when not on PATH or in the usual places. */
  readonly pgBinDir?: string;
  readonly now?: () => Date;
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly kind: 'postgres' | 'pglite';
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const { config, logger } = options;
  const url = config.database.url;
  const kind = url === undefined ? 'pglite' : 'postgres';
  const file = options.file ?? defaultBackupFile(config.dataDir, kind, options.now?.() ?? new Date());
  mkdirSync(dirname(file), { recursive: true });
  const started = Date.now();
  if (url === undefined) {
    await backupPglite(config.dataDir, file);
  } else {
    const major = await serverMajor(url);
    const pgDump = await findPgTool('pg_dump', major, options.pgBinDir);
    const { env } = pgEnvFromUrl(url);
    const partial = `${file}.partial`;
    try {
      await runPgTool(pgDump.path, ['--format=custom', ...BACKUP_SCHEMAS.map((s) => `--schema=${s}`), `--file=${partial}`], env);
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
  }
  const bytes = statSync(file).size;
  logger.info({ file, bytes, kind, seconds: (Date.now() - started) / 1000 }, 'backup written');
  return { file, bytes, kind };
}

export async function restoreDatabase(options: BackupOptions & { readonly file: string }): Promise<BackupResult> {
  const { config, logger, file } = options;
  const format = detectFormat(file);
  const url = config.database.url;
  const started = Date.now();
  if (url === undefined) {
    await restorePglite(config.dataDir, file);
  } else {
    if (format === 'pglite') {
      throw new BackupError(`${file} é uma cópia do banco embutido; restaure-a com DATABASE_URL vazio (para DATA_DIR).`);
    }
    const major = await serverMajor(url);
    const { env, database } = pgEnvFromUrl(url);
    if (format === 'custom') {
      const pgRestore = await findPgTool('pg_restore', major, options.pgBinDir);
      // One transaction: a restore that fails half-way leaves the database as it was.
      await runPgTool(pgRestore.path, [
        '--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error',
        `--dbname=${database}`, file,
      ], env);
    } else {
      const psql = await findPgTool('psql', major, options.pgBinDir);
      await runPgTool(psql.path, ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--file=${file}`], env);
    }
  }
  const bytes = statSync(file).size;
  logger.info({ file, bytes, kind: url === undefined ? 'pglite' : 'postgres', seconds: (Date.now() - started) / 1000 }, 'backup restored');
  return { file, bytes, kind: url === undefined ? 'pglite' : 'postgres' };
}

export function defaultBackupFile(dataDir: string, kind: 'postgres' | 'pglite', at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return join(dataDir, 'backups', `cvcrm-etl-${stamp}.${kind === 'postgres' ? 'dump' : 'tar.gz'}`);
}

/** pg_dump's custom format starts with PGDMP; PGlite archives are gzip or tar; anything else is taken as SQL. */
export function detectFormat(file: string): 'custom' | 'pglite' | 'sql' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new BackupError(`${file} não pode ser lido (confira o caminho).`);
  }
  const head = Buffer.alloc(262);
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if ((head[0] === 0x1f && head[1] === 0x8b) || head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite';
  return 'sql';
}

async function serverMajor(url: string): Promise<number> {
  const db = openPostgres({ url, poolSize: 1, applicationName: 'cvcrm-etl-backup' });
  try {
    const { rows } = await db.query<{ server_version_num: string }>('show server_version_num');
    return Math.floor(Number(rows[0]?.server_version_num) / 10_000);
  } catch (error) {
    throw new BackupError(`Não foi possível acessar o banco de dados: ${scrubSentence(error)}`);
  } finally {
    await db.close().catch(() => undefined);
  }
}
