// The PostgreSQL client programs (pg_dump, pg_restore, psql) for backups of a real server. The
// connection goes through PG* environment variables, so the password never appears on a command
// line (visible to every user in `ps`). pg_dump refuses a server newer than itself, so the
// version is checked first and a matching installation is looked for in the usual places.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scrubSentence } from '../util/scrub.ts';

const run = promisify(execFile);

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

/** libpq's environment for DATABASE_URL; nothing of it goes on a command line. */
export function pgEnvFromUrl(databaseUrl: string): { env: Record<string, string>; database: string } {
  const url = new URL(databaseUrl);
  const params = url.searchParams;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const env: Record<string, string> = {
    PGHOST: params.get('host') ?? url.hostname.replace(/^\[|\]$/g, ''),
    PGPORT: url.port || params.get('port') || '5432',
    PGDATABASE: database,
    PGAPPNAME: 'cvcrm-etl-backup',
    PGCONNECT_TIMEOUT: '15',
  };
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const mapped: Record<string, string> = {
    sslmode: 'PGSSLMODE', sslrootcert: 'PGSSLROOTCERT', sslcert: 'PGSSLCERT', sslkey: 'PGSSLKEY',
    options: 'PGOPTIONS', channel_binding: 'PGCHANNELBINDING', target_session_attrs: 'PGTARGETSESSIONATTRS',
  };
  for (const [param, variable] of Object.entries(mapped)) {
    const value = params.get(param);
    if (value !== null) env[variable] = value;
  }
  return { env, database };
}

export function parseToolMajor(versionOutput: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

async function toolMajor(path: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(path, ['--version'], { timeout: 10_000 });
    return parseToolMajor(stdout);
  } catch {
    return undefined;
  }
}

/** Directories where distributions install several PostgreSQL versions side by side. */
function versionedBinDirs(): string[] {
  const dirs: string[] = [];
  const scan = (parent: string, toBin: (entry: string) => string) => {
    if (!existsSync(parent)) return;
    for (const entry of readdirSync(parent)) dirs.push(toBin(entry));
  };
  scan('/usr/lib/postgresql', (e) => join('/usr/lib/postgresql', e, 'bin')); // Debian, Ubuntu
  scan('/usr', (e) => (e.startsWith('pgsql-') ? join('/usr', e, 'bin') : '')); // RHEL
  scan('/opt/homebrew/opt', (e) => (e.startsWith('postgresql') ? join('/opt/homebrew/opt', e, 'bin') : '')); // macOS
  scan('/usr/local/opt', (e) => (e.startsWith('postgresql') ? join('/usr/local/opt', e, 'bin') : ''));
  return dirs.filter((d) => d !== '');
}

/**
 * A `tool` whose major version is at least `serverMajor`: the one on PATH when it fits, else
 * the newest fitting one in `binDir` or the usual versioned directories.
 */
export async function findPgTool(tool: PgTool, serverMajor: number, binDir?: string): Promise<{ path: string; major: number }> {
  const candidates = binDir !== undefined ? [join(binDir, tool)] : [tool, ...versionedBinDirs().map((d) => join(d, tool))];
  const found: { path: string; major: number }[] = [];
  for (const path of candidates) {
    if (path !== tool && !existsSync(path)) continue;
    const major = await toolMajor(path);
    if (major !== undefined) found.push({ path, major });
  }
  const fitting = found.filter((f) => f.major >= serverMajor);
  const onPath = fitting.find((f) => f.path === tool);
  const best = onPath ?? fitting.sort((a, b) => b.major - a.major)[0];
  if (best) return best;
  const install = `instale as ferramentas de cliente do PostgreSQL ${serverMajor} (por exemplo apt-get install postgresql-client-${serverMajor}, ou o pacote postgresql_${serverMajor} no Railway) e tente de novo`;
  if (found.length === 0) throw new BackupError(`${tool} não foi encontrado; ${install}.`);
  const newest = Math.max(...found.map((f) => f.major));
  throw new BackupError(`${tool} ${newest} não funciona com este servidor PostgreSQL ${serverMajor}; ${install}.`);
}

/** Runs a client program with the connection in its environment; rejects with its last error lines. */
export function runPgTool(path: string, args: readonly string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    // The parent environment is passed on (PATH, locale, HOME for .pgpass); PG* overrides it.
    const child = spawn(path, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8_000);
    });
    child.on('error', (error) => reject(new BackupError(`${path} não pôde ser iniciado: ${scrubSentence(error)}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const lines = stderr.trim().split('\n').filter((l) => /error|fatal|could not/i.test(l)).slice(-3);
      const why = lines.length > 0 ? lines.join(' ') : stderr.trim().split('\n').slice(-2).join(' ');
      reject(new BackupError(`${tool(path)} falhou (${signal ?? `código de saída ${code}`}): ${scrubSentence(why || 'sem mensagem', 500)}`));
    });
  });
}

function tool(path: string): string {
  return path.split('/').pop() ?? path;
}
