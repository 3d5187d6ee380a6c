// A full sync and a web session with known personal data and secrets, then a search of every
// output the product makes: stdout, stderr, the log file, alert webhooks, /metrics, /health and
// every page and API response a logged-in director sees.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');
const SECRETS = {
  cvcrmToken: '9f2c4e6a8b0d1f3e5a7c9b2d4f6a8c0e1b3d5f70',
  dashboardPassword: 'Senha-Da-Diretoria-2026!',
  apiToken: 'tok-bi-7c1e9a4f2b8d6e0c3a5f',
  databasePassword: 'SenhaDoBancoNuncaLogada',
  cvcrmEmail: 'integracao.cvdw@incorporadora-exemplo.com.br',
};

let sim: RunningSimulator;
let target: TestDatabase;
let receiver: Server;
const webhookBodies: string[] = [];
let dataDir: string;

beforeAll(async () => {
  sim = await startSimulator({
    scale: 150, seed: 77, today: '2026-11-20', rateLimit: false,
    credentials: [{ email: SECRETS.cvcrmEmail, token: SECRETS.cvcrmToken }],
  });
  // One resource keeps failing, so an alert goes out with its error.
  sim.faults.next('503', { count: 1000, path: '/api/v1/cvdw/distratos' });
  target = await createTestDatabase('postgres');
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      webhookBodies.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  dataDir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-privacy-'));
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await target.dispose();
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('never writes personal data or secrets to logs, alerts, metrics or responses', { timeout: 150_000 }, async () => {
  const dbUrl = new URL(target.url!);
  dbUrl.password = SECRETS.databasePassword; // trust authentication ignores it; it must still never show
  const logFile = join(dataDir, 'cvcrm-etl.log');
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: dbUrl.toString(), DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug', LOG_FILE: logFile,
      CVCRM_API_EMAIL: SECRETS.cvcrmEmail, CVCRM_API_TOKEN: SECRETS.cvcrmToken, CVCRM_BASE_URL: sim.url,
      CVCRM_REQUESTS_PER_MINUTE: '6000', CVCRM_MAX_RETRIES: '1', CVCRM_PAGE_SIZE: '100',
      DASHBOARD_USER: 'diretoria', DASHBOARD_PASSWORD: SECRETS.dashboardPassword, API_TOKENS: SECRETS.apiToken,
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, ALERT_FAILURE_THRESHOLD: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const responses: string[] = [];
  try {
    let url: string | undefined;
    const started = Date.now();
    while (!url && Date.now() - started < 30_000) {
      url = /dashboard on (http:\/\/[^\s"]+)/.exec(output)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, output).toBeDefined();
    const bearer = { headers: { authorization: `Bearer ${SECRETS.apiToken}` } };
    // Wait for the sync to finish (the failing resource comes last among the core set but one).
    while (Date.now() - started < 90_000) {
      const status = (await (await fetch(`${url}/api/sync-status`, bearer)).json()) as unknown;
      responses.push(JSON.stringify(status));
      if (JSON.stringify(status).includes('empreendimentos') && webhookBodies.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(webhookBodies.length, 'an alert was sent').toBeGreaterThan(0);

    // A director's session: log in, read the page and every API the page reads.
    const login = await fetch(`${url}/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url! },
      body: new URLSearchParams({ usuario: 'diretoria', senha: SECRETS.dashboardPassword }).toString(),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).not.toBe('');
    const session = { headers: { cookie } };
    for (const path of [
      '/', '/api/kpis', '/api/sales?periodo=3650&limit=1000', '/api/sales?periodo=3650&format=csv', '/api/summary', '/api/brokers',
      '/api/sales/monthly', '/api/sales/by-project', '/api/teams', '/api/lead-sources', '/api/inventory', '/api/vso',
      '/api/pro-soluto', '/api/distratos', '/api/sync-status', '/api/projects', '/api/openapi.json', '/health', '/metrics',
      '/api/sales?periodo=abc', '/nao-existe',
    ]) {
      const response = await fetch(`${url}${path}`, session);
      responses.push(await response.text());
    }
    const sales = JSON.parse(responses.find((r) => r.startsWith('{"vendas"')) ?? '{"vendas":[]}') as { vendas: { cliente: string }[] };
    expect(sales.vendas.length).toBeGreaterThan(10);
    responses.push(await (await fetch(`${url}/metrics`, bearer)).text());
    responses.push(await (await fetch(`${url}/health`, bearer)).text());
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    child.kill('SIGKILL');
  }

  const everything = [output, readFileSync(logFile, 'utf8'), ...webhookBodies, ...responses].join('\n');
  expect(readFileSync(logFile, 'utf8').length).toBeGreaterThan(100);
  for (const [name, secret] of Object.entries(SECRETS)) expect(everything.includes(secret), name).toBe(false);
  const people = sim.data.snapshot('reservas');
  let checked = 0;
  for (const person of people) {
    for (const value of [person.email, person.documento_cliente, person.cliente]) {
      if (typeof value !== 'string' || value.length < 8) continue;
      checked++;
      expect(everything.includes(value), `personal data leaked: ${String(person.referencia)}`).toBe(false);
      const digits = value.replace(/\D/g, '');
      if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(value)) expect(everything.includes(digits)).toBe(false);
    }
  }
  expect(checked).toBeGreaterThan(300);
});
