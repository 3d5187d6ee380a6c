// A PostgreSQL server of the test's own (initdb in a temporary directory, on a free port), so a
// test can restart it without touching the shared server other tests use. PostgreSQL refuses to
// run as root: as root the binaries run as the `postgres` user.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  readonly url: string;
  readonly port: number;
  /** The server's certificate (PEM) when started with TLS: the root to trust for verify-full. */
  readonly certFile: string | undefined;
  /** Stops with `-m fast` (open connections are cut), stays down `downMs`, starts again. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string | undefined {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Why a private server cannot be had here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  const bin = binDir();
  if (bin === undefined) return 'no PostgreSQL server binaries (pg_ctl, initdb) under /usr/lib/postgresql or PG_BIN_DIR';
  if (userInfo().uid === 0) {
    const check = spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '--version'], { encoding: 'utf8' });
    if (check.status !== 0) return `running as root and cannot run PostgreSQL as the postgres user (${(check.stderr || check.error?.message || '').trim()})`;
  }
  return undefined;
}

export interface PrivatePostgresOptions {
  /** Serve TLS with a fresh self-signed certificate for localhost and 127.0.0.1 (see `certFile`). */
  readonly tls?: boolean;
}

function postgresIds(): { uid: number; gid: number } {
  return JSON.parse(execFileSync('runuser', ['-u', 'postgres', '--', 'node', '-e', 'console.log(JSON.stringify({uid:process.getuid(),gid:process.getgid()}))'], { encoding: 'utf8' }).trim()) as { uid: number; gid: number };
}

export async function startPrivatePostgres(options_: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = binDir()!;
  const root = mkdtempSync(join(tmpdir(), 'cvcrm-etl-pg-'));
  const data = join(root, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(root, uid, gid);
  }
  const run = (tool: string, args: readonly string[]) => new Promise<void>((resolve, reject) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : [...args];
    execFile(command, fullArgs, { encoding: 'utf8', cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${tool} ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      else resolve();
    });
  });
  const port = await freePort();
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  let options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  let certFile: string | undefined;
  if (options_.tls) {
    certFile = join(root, 'server.crt');
    const keyFile = join(root, 'server.key');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    chmodSync(keyFile, 0o600);
    if (asRoot) {
      const { uid, gid } = postgresIds();
      chownSync(keyFile, uid, gid);
      chownSync(certFile, uid, gid);
    }
    options += ` -c ssl=on -c ssl_cert_file=${certFile} -c ssl_key_file=${keyFile}`;
  }
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  await start();
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    certFile,
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop,
    start,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
