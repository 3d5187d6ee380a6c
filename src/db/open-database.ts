import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite-database.ts';
import { openPostgres } from './postgres-database.ts';
import { checkDatabaseTlsPolicy } from './tls-policy.ts';

/** The real server when DATABASE_URL is set, the embedded database under DATA_DIR otherwise. */
export async function openDatabase(config: Config, applicationName?: string): Promise<Database> {
  if (config.database.url !== undefined) {
    checkDatabaseTlsPolicy(config);
    return openPostgres({
      url: config.database.url,
      poolSize: config.database.poolSize,
      ...(applicationName ? { applicationName } : {}),
    });
  }
  return openPglite(config.dataDir);
}
