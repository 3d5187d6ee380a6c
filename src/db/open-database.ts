import type { Config } from '../config.ts';
import { ensureDirectory } from '../util/ensure-directory.ts';
import { KnownError } from '../util/known-error.ts';
import { describeConnectionFailure } from './connection-failure.ts';
import type { Database } from './database.ts';
import { checkDatabaseTlsPolicy } from './tls-policy.ts';

/**
 * The real server when DATABASE_URL is set, the embedded database under DATA_DIR otherwise.
 * The server is asked one `select 1` here, so a wrong or unreachable DATABASE_URL fails at once,
 * in one sentence, instead of deep inside the first migration or sync.
 */
export async function openDatabase(config: Config, applicationName?: string): Promise<Database> {
  const url = config.database.url;
  if (url !== undefined) {
    checkDatabaseTlsPolicy(config);
    let db: Database | undefined;
    try {
      // Each driver is loaded only by the processes that use it: PGlite (its WASM module and
      // loader) stays out of a process with DATABASE_URL, pg out of the embedded demo.
      const { openPostgres } = await import('./postgres-database.ts');
      db = openPostgres({
        url,
        poolSize: config.database.poolSize,
        ...(applicationName ? { applicationName } : {}),
      });
      await db.query('select 1');
      return db;
    } catch (error) {
      await db?.close().catch(() => undefined);
      throw describeConnectionFailure(error, url) ?? error;
    }
  }
  try {
    ensureDirectory(config.dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erro';
    throw new KnownError(`DATA_DIR: não foi possível criar a pasta ${config.dataDir} do banco embutido (${code}); aponte DATA_DIR para uma pasta com permissão de escrita.`, { cause: error });
  }
  const { openPglite } = await import('./pglite-database.ts');
  return openPglite(config.dataDir);
}
