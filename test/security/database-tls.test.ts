// sslmode in DATABASE_URL against a local PostgreSQL with TLS switched on: encryption when asked,
// certificate checks for verify-full, and `check` saying which.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');
const unavailable = privatePostgresUnavailable();

describe.skipIf(unavailable !== undefined)(`database TLS${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let server: PrivatePostgres;
  beforeAll(async () => {
    server = await startPrivatePostgres({ tls: true });
  }, 90_000);
  afterAll(async () => server?.destroy());

  const withMode = (mode: string, extra = '') => `${server.url}?sslmode=${mode}${extra}`;

  it('encrypts with sslmode=require and not with sslmode=disable', async () => {
    const secure = openPostgres({ url: withMode('require'), poolSize: 1 });
    const plain = openPostgres({ url: withMode('disable'), poolSize: 1 });
    try {
      expect(await secure.tlsState()).toMatchObject({ encrypted: true });
      expect((await secure.tlsState()).description).toMatch(/TLS em uso \(TLSv1\.[23], sslmode=require\)/);
      expect(await plain.tlsState()).toMatchObject({ encrypted: false });
    } finally {
      await secure.close();
      await plain.close();
    }
  });

  it('verify-full checks the certificate: trusted root accepted, unknown root refused', async () => {
    const verified = openPostgres({ url: withMode('verify-full', `&sslrootcert=${encodeURIComponent(server.certFile!)}`), poolSize: 1 });
    const unverified = openPostgres({ url: withMode('verify-full'), poolSize: 1 });
    try {
      expect(await verified.tlsState()).toMatchObject({ encrypted: true });
      await expect(unverified.query('select 1')).rejects.toThrow(/self[- ]signed|certificate/i);
    } finally {
      await verified.close();
      await unverified.close();
    }
  });

  it('check reports whether TLS is in use', async () => {
    const run = (url: string) => new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'check'], {
        env: { PATH: process.env.PATH ?? '', HOME: '/tmp', DATABASE_URL: url, LOG_LEVEL: 'silent', DATA_DIR: '/tmp/cvcrm-etl-tls-check' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', () => resolve(out));
    });
    expect(await run(withMode('require'))).toMatch(/banco de dados: ok .*TLS em uso/);
    expect(await run(withMode('disable'))).toMatch(/banco de dados: ok .*TLS não está em uso/);
  }, 60_000);
});
