import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgConnectionOptions } from '../../src/db/connection-options.ts';
import { isLoopbackHost } from '../../src/util/loopback-host.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { createTestDatabase } from '../helpers/databases.ts';
import { adminUrl } from '../helpers/test-env.ts';

describe('pgConnectionOptions', () => {
  it('defaults to no TLS when the URL has no sslmode', () => {
    const options = pgConnectionOptions('postgres://etl:pw@db.example.com:5432/cvcrm');
    expect(options).toEqual({
      connectionString: 'postgres://etl:pw@db.example.com:5432/cvcrm',
      ssl: false,
      sslMode: 'disable',
      host: 'db.example.com',
    });
  });

  it('maps disable to no TLS', () => {
    const options = pgConnectionOptions('postgres://etl:pw@db.example.com/cvcrm?sslmode=disable');
    expect(options.ssl).toBe(false);
    expect(options.sslMode).toBe('disable');
  });

  it.each(['require', 'prefer', 'allow', 'REQUIRE'])('maps %s to TLS without certificate checks (libpq semantics)', (mode) => {
    const options = pgConnectionOptions(`postgres://etl:pw@db.example.com/cvcrm?sslmode=${mode}`);
    expect(options.ssl).toEqual({ rejectUnauthorized: false });
    expect(options.sslMode).toBe(mode.toLowerCase());
  });

  it('maps verify-full to a checked certificate and host name', () => {
    const options = pgConnectionOptions('postgres://etl:pw@db.example.com/cvcrm?sslmode=verify-full');
    expect(options.ssl).toEqual({ rejectUnauthorized: true });
    expect(options.sslMode).toBe('verify-full');
  });

  it('maps verify-ca to a checked certificate without the host name check', () => {
    const options = pgConnectionOptions('postgres://etl:pw@db.example.com/cvcrm?sslmode=verify-ca');
    const ssl = options.ssl as { rejectUnauthorized: boolean; checkServerIdentity?: (host: string, cert: unknown) => unknown };
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(typeof ssl.checkServerIdentity).toBe('function');
    expect(ssl.checkServerIdentity?.('other.example.com', {})).toBeUndefined();
  });

  describe('with sslrootcert', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-ca-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads the CA file for verify-full', () => {
      const ca = join(dir, 'root.crt');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n');
      const options = pgConnectionOptions(`postgres://etl:pw@db.example.com/cvcrm?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`);
      expect(options.ssl).toEqual({ rejectUnauthorized: true, ca: '-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n' });
    });
  });

  it('removes the TLS parameters from the string handed to pg, keeping the others', () => {
    const options = pgConnectionOptions(
      'postgres://etl:pw@db.example.com/cvcrm?sslmode=require&sslcert=a.crt&sslkey=a.key&ssl=true&application_name=x&connect_timeout=5',
    );
    const url = new URL(options.connectionString);
    for (const param of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl']) expect(url.searchParams.has(param)).toBe(false);
    expect(url.searchParams.get('application_name')).toBe('x');
    expect(url.searchParams.get('connect_timeout')).toBe('5');
    expect(url.password).toBe('pw');
  });

  it('refuses an unknown sslmode, naming DATABASE_URL and the accepted modes', () => {
    expect(() => pgConnectionOptions('postgres://etl:secret-pw@db.example.com/cvcrm?sslmode=always')).toThrow(
      /DATABASE_URL.*sslmode=always.*disable, allow, prefer, require, verify-ca, verify-full/,
    );
    try {
      pgConnectionOptions('postgres://etl:secret-pw@db.example.com/cvcrm?sslmode=always');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-pw');
    }
  });

  it('reports the host', () => {
    expect(pgConnectionOptions('postgres://u@127.0.0.1:5432/x').host).toBe('127.0.0.1');
    expect(pgConnectionOptions('postgres://u@[::1]:5432/x').host).toBe('[::1]');
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '', '/var/run/postgresql'])('%j is this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['db.example.com', '10.0.0.5', '192.168.0.10', '128.0.0.1', '127.example.com', '127.0.0.1.nip.io', 'localhost.example.com', '[::2]'])(
    '%j is another machine',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it('agrees with the host pgConnectionOptions reports', () => {
    expect(isLoopbackHost(pgConnectionOptions('postgres://u@localhost/x').host)).toBe(true);
    expect(isLoopbackHost(pgConnectionOptions('postgres://u@[::1]:5432/x').host)).toBe(true);
    expect(isLoopbackHost(pgConnectionOptions('postgres://u@db.neon.tech/x?sslmode=require').host)).toBe(false);
  });
});

describe('tlsState, for real', () => {
  function withSslMode(mode: string): string {
    const url = new URL(adminUrl());
    url.searchParams.set('sslmode', mode);
    return url.toString();
  }

  it('reports an unencrypted connection to the local server with sslmode=disable', async () => {
    const db = openPostgres({ url: withSslMode('disable'), poolSize: 1 });
    try {
      const state = await db.tlsState();
      expect(state.encrypted).toBe(false);
      expect(state.description).toContain('TLS não está em uso');
      expect(state.description).toContain('sslmode=disable');
      // The answer comes from the server: the session really is plain.
      const { rows } = await db.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
      expect(rows[0]?.ssl).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('with sslmode=require, encrypts or refuses, never silently falls back to plain text', async () => {
    const admin = new pg.Client({ connectionString: withSslMode('disable') });
    await admin.connect();
    const { rows } = await admin.query<{ ssl: string }>('show ssl');
    await admin.end();
    const db = openPostgres({ url: withSslMode('require'), poolSize: 1 });
    try {
      if (rows[0]?.ssl === 'on') {
        const state = await db.tlsState();
        expect(state.encrypted).toBe(true);
        expect(state.description).toContain('sslmode=require');
      } else {
        await expect(db.tlsState()).rejects.toThrow(/ssl/i);
      }
    } finally {
      await db.close();
    }
  });

  it('reports the embedded database as not networked', async () => {
    const test = await createTestDatabase('pglite');
    try {
      const state = await test.db.tlsState();
      expect(state.encrypted).toBe(false);
      expect(state.description).toMatch(/^banco embutido \(PGlite\): sem rede/);
    } finally {
      await test.dispose();
    }
  });
});
