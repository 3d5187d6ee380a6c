// A logout survives a real restart of `cvcrm-etl serve` (real PostgreSQL, SESSION_SECRET set):
// the ended cookie stays refused while the other sessions keep working; and removing the :pii
// grant from DASHBOARD_USER then restarting narrows a live session to masked data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { seedFixtures } from '../web/fixtures.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');
const PASSWORD = 'senha-forte-de-teste';

let database: TestDatabase;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await seedFixtures(database.db);
  dataDir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-serve-sessions-'));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Served {
  readonly url: string;
  stop(): Promise<number | null>;
}

async function serve(dashboardUser: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn',
      DATABASE_URL: database.url!, SESSION_SECRET: 'segredo-de-sessao-do-teste-0123456789',
      DASHBOARD_USER: dashboardUser, DASHBOARD_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const started = Date.now();
  let url: string | undefined;
  while (!url && Date.now() - started < 30_000 && child.exitCode === null) {
    url = /^(?:DEMO: )?painel em (http:\/\/\S+)$/m.exec(output)?.[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(url, output).toBeDefined();
  return {
    url: url!,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function login(server: Served): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ usuario: 'diretoria', senha: PASSWORD, next: '/' }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function firstClient(server: Served, cookie: string): Promise<{ status: number; cliente?: string }> {
  const res = await fetch(`${server.url}/api/sales?limit=1`, { headers: { cookie } });
  if (res.status !== 200) return { status: res.status };
  const body = (await res.json()) as { vendas: { cliente: string }[] };
  return { status: res.status, cliente: body.vendas[0]!.cliente };
}

it('serve: a logout holds across a restart; a removed :pii grant narrows the session after one', { timeout: 120_000 }, async () => {
  const first = await serve('diretoria:pii');
  const ended = await login(first);
  const kept = await login(first);
  expect(await firstClient(first, kept)).toEqual({ status: 200, cliente: 'Camila Torres' });
  const out = await fetch(`${first.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: ended, origin: first.url } });
  expect(out.status).toBe(303);
  expect((await firstClient(first, ended)).status).toBe(401);
  expect(await first.stop()).toBe(0);

  const second = await serve('diretoria:pii');
  expect((await firstClient(second, ended)).status).toBe(401);
  expect(await firstClient(second, kept)).toEqual({ status: 200, cliente: 'Camila Torres' });
  expect(await second.stop()).toBe(0);

  const narrowed = await serve('diretoria');
  expect((await firstClient(narrowed, ended)).status).toBe(401);
  expect(await firstClient(narrowed, kept)).toEqual({ status: 200, cliente: 'Camila T.' });
  expect(await narrowed.stop()).toBe(0);
});
