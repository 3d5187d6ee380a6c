// A process that cannot start says why in one sentence on stderr and exits non-zero, so a
// platform's on-failure restart policy sees the failure and a person sees the cause. Each case
// spawns the real command in an empty directory, with nothing but the variables it sets.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { adminUrl } from '../helpers/test-env.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');
const PASSWORD = 'senha-que-nao-aparece-42';
const TOKEN = 'token-de-teste-0123456789abcdef';
/**
 * Each case exits in a few seconds on an idle machine; the margin is for a loaded one. A process
 * that spins or hangs (as LOG_FILE under /proc once did) is killed here and the case fails.
 */
const EXIT_WITHIN_MS = 100_000;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

const workDir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-startup-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let counter = 0;

function run(args: string[], env: Record<string, string>): Promise<Outcome> {
  const dataDir = join(workDir, `data-${counter++}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir, // no .env from the project
      env: { PATH: process.env.PATH ?? '', HOME: workDir, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, EXIT_WITHIN_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Non-zero, one line on stderr naming the cause, nothing that looks like a crash or a secret. */
function expectOneSentence(outcome: Outcome, command: string, pattern: RegExp): void {
  const shown = `stderr: ${outcome.stderr}\nstdout: ${outcome.stdout}`;
  expect(outcome.timedOut, shown).toBe(false);
  expect(outcome.code, shown).not.toBe(0);
  expect(outcome.code, shown).not.toBeNull();
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, shown).toHaveLength(1);
  expect(lines[0]!.startsWith(`cvcrm-etl ${command}: `), shown).toBe(true);
  expect(lines[0], shown).toMatch(pattern);
  const everything = outcome.stderr + outcome.stdout;
  expect(everything).not.toMatch(/unexpected error|erro inesperado/i);
  expect(everything).not.toMatch(/\n\s+at /);
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(TOKEN);
}

function serverUrl(database: string, user = 'postgres', password = PASSWORD, hostPort?: string): string {
  const url = new URL(adminUrl());
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  if (hostPort !== undefined) url.host = hostPort;
  return url.toString();
}

const REFUSED_URL = serverUrl('qualquer', 'postgres', PASSWORD, '127.0.0.1:1');
const auth = { API_TOKENS: TOKEN };

describe.concurrent('start-up failures: one sentence and a non-zero exit', { timeout: 120_000 }, () => {
  let target: TestDatabase;
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    target = await createTestDatabase('postgres');
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await target.dispose();
  });

  for (const command of ['serve', 'start', 'demo']) {
    it(`${command}: production without a login names DASHBOARD_USER and API_TOKENS`, async () => {
      const outcome = await run([command], { NODE_ENV: 'production', DATABASE_URL: REFUSED_URL });
      expectOneSentence(outcome, command, /produção.*DASHBOARD_USER.*DASHBOARD_PASSWORD.*API_TOKENS/);
    });
  }

  for (const command of ['serve', 'start', 'worker', 'demo']) {
    it(`${command}: a short API_TOKENS entry before ":pii" names API_TOKENS`, async () => {
      const outcome = await run([command], { API_TOKENS: 'abcdefghijklm:pii' });
      expectOneSentence(outcome, command, /^cvcrm-etl \w+: API_TOKENS: .*16 caracteres/);
    });

    it(`${command}: a LOG_FILE that cannot be opened fails instead of hanging`, async () => {
      const outcome = await run([command], { ...auth, LOG_FILE: '/proc/nope/x.log' });
      expectOneSentence(outcome, command, /LOG_FILE: .*\/proc\/nope\/x\.log.*ENOENT/);
    });
  }

  for (const command of ['serve', 'start', 'worker', 'migrate', 'sync', 'verify']) {
    it(`${command}: a database refusing connections names DATABASE_URL and the address`, async () => {
      const outcome = await run([command], { ...auth, DATABASE_URL: REFUSED_URL });
      expectOneSentence(outcome, command, /DATABASE_URL: .*127\.0\.0\.1:1 recusou a conexão/);
    });
  }

  it('check: reports the same sentence on its database line', async () => {
    const outcome = await run(['check'], { DATABASE_URL: REFUSED_URL });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/banco de dados: FALHOU: DATABASE_URL: .*127\.0\.0\.1:1 recusou a conexão/);
    expect(outcome.stdout + outcome.stderr).not.toContain(PASSWORD);
  });

  it('worker: a database that does not exist is named', async () => {
    const name = `cvcrm_etl_nao_existe_${process.pid}`;
    const outcome = await run(['worker'], { DATABASE_URL: serverUrl(name) });
    expectOneSentence(outcome, 'worker', new RegExp(`DATABASE_URL: o banco "${name}" não existe`));
  });

  it('serve: a role the server does not know is named', async () => {
    const outcome = await run(['serve'], { ...auth, DATABASE_URL: serverUrl('postgres', `ninguem_${process.pid}`) });
    expectOneSentence(outcome, 'serve', new RegExp(`DATABASE_URL: o usuário "ninguem_${process.pid}" não existe`));
  });

  it('worker: an embedded database whose DATA_DIR cannot be created is named', async () => {
    const outcome = await run(['worker'], { DATA_DIR: '/proc/nope/data' });
    expectOneSentence(outcome, 'worker', /DATA_DIR: .*\/proc\/nope\/data.*ENOENT/);
  });

  it('serve: a port in use names PORT and the address', async () => {
    const outcome = await run(['serve'], { ...auth, DATABASE_URL: target.url!, PORT: String(busyPort) });
    expectOneSentence(outcome, 'serve', new RegExp(`PORT: a porta ${busyPort} já está em uso em 127\\.0\\.0\\.1:${busyPort}`));
  });

  it('serve: a HOST that does not resolve is named', async () => {
    const outcome = await run(['serve'], { ...auth, DATABASE_URL: target.url!, HOST: 'nao-existe.invalid' });
    expectOneSentence(outcome, 'serve', /HOST: o endereço "nao-existe\.invalid" não foi encontrado/);
  });

  it('start: when the web server cannot listen, no sync has begun', async () => {
    const outcome = await run(['start'], { ...auth, DATABASE_URL: target.url!, PORT: String(busyPort), LOG_LEVEL: 'info' });
    expectOneSentence(outcome, 'start', /PORT: a porta \d+ já está em uso/);
    expect(outcome.stdout).not.toMatch(/"msg":"(scheduler started|sync started)"/);
    const ticks = await target.db.query<{ n: number }>('select count(*)::int as n from etl.schedule_ticks');
    expect(ticks.rows[0]!.n).toBe(0);
  });
});

describe('start: the order of start-up', { timeout: 120_000 }, () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await target.dispose();
  });

  it('listens before the scheduler starts and the first sync begins; exit 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '', HOME: workDir, DATA_DIR: join(workDir, 'order'), PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: target.url!, ...auth },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      const started = Date.now();
      // Both lines come from one turn of the event loop but may reach the pipe in two chunks.
      while (!(/"msg":"sync started"/.test(stdout) && /"msg":"scheduler started"/.test(stdout)) && Date.now() - started < EXIT_WITHIN_MS) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const messages = stdout.split('\n').flatMap((line) => {
        try {
          return [(JSON.parse(line) as { msg: string }).msg];
        } catch {
          return [];
        }
      });
      const listening = messages.findIndex((m) => m.startsWith('dashboard on '));
      expect(listening, stdout).toBeGreaterThanOrEqual(0);
      expect(messages.indexOf('scheduler started'), stdout).toBeGreaterThan(listening);
      expect(messages.indexOf('sync started'), stdout).toBeGreaterThan(listening);
      child.kill('SIGTERM');
      expect(await exited, stdout).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
