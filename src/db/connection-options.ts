// Turns DATABASE_URL into pg's connection options, honouring sslmode the way libpq does, since
// pg alone treats `require` as `verify-full` and ignores `prefer`.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface PgConnectionOptions {
  readonly connectionString: string;
  readonly ssl: false | ConnectionOptions;
  readonly sslMode: SslMode;
  readonly host: string;
}

export const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export function pgConnectionOptions(url: string): PgConnectionOptions {
  const parsed = new URL(url);
  const rawMode = (parsed.searchParams.get('sslmode') ?? 'disable').toLowerCase();
  if (!SSL_MODES.includes(rawMode as SslMode)) {
    throw new Error(`DATABASE_URL traz sslmode=${rawMode}; os aceitos são ${SSL_MODES.join(', ')}.`);
  }
  const sslMode = rawMode as SslMode;
  const rootCertPath = parsed.searchParams.get('sslrootcert');
  for (const param of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl']) parsed.searchParams.delete(param);

  let ssl: false | ConnectionOptions = false;
  if (sslMode === 'require' || sslMode === 'prefer' || sslMode === 'allow') {
    // Encrypted, but the certificate is not checked (libpq semantics of `require`).
    ssl = { rejectUnauthorized: false };
  } else if (sslMode === 'verify-ca' || sslMode === 'verify-full') {
    ssl = {
      rejectUnauthorized: true,
      ...(rootCertPath ? { ca: readFileSync(rootCertPath, 'utf8') } : {}),
      ...(sslMode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  return { connectionString: parsed.toString(), ssl, sslMode, host: parsed.hostname };
}
