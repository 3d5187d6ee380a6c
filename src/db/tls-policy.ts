// In production, personal data must not cross a network unencrypted: a database that is not on
// this machine needs sslmode=require (or verify-ca/verify-full) unless explicitly allowed.
import type { Config } from '../config.ts';
import { KnownError } from '../util/known-error.ts';
import { isLoopbackHost } from '../util/loopback-host.ts';
import { pgConnectionOptions } from './connection-options.ts';

export class InsecureDatabaseError extends KnownError {
  override readonly name = 'InsecureDatabaseError';
}

export function checkDatabaseTlsPolicy(config: Config): void {
  const url = config.database.url;
  if (url === undefined || !config.production || config.allowInsecureDatabase) return;
  const { sslMode, host } = pgConnectionOptions(url);
  if (isLoopbackHost(host)) return;
  if (sslMode === 'require' || sslMode === 'verify-ca' || sslMode === 'verify-full') return;
  throw new InsecureDatabaseError(
    `DATABASE_URL aponta para ${host} sem TLS (sslmode=${sslMode}); acrescente ?sslmode=require (ou verify-full) à URL, ou defina DATABASE_ALLOW_INSECURE=true para aceitar assim mesmo.`,
  );
}
