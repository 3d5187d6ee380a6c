// `npm start` as a newcomer runs it: no settings, demo mode, data on the dashboard within a
// minute, and a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');
const TOKEN = 'token-de-teste-0123456789abcdef';
const auth = { headers: { authorization: `Bearer ${TOKEN}` } };

it('start: demo data on the dashboard behind the login, exit 0 on SIGTERM', { timeout: 240_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-start-'));
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DASHBOARD_USER: 'diretoria', DASHBOARD_PASSWORD: 'senha-forte-de-teste', API_TOKENS: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const started = Date.now();
    let url: string | undefined;
    while (!url && Date.now() - started < 90_000) {
      url = /^(?:DEMO: )?painel em (http:\/\/\S+)$/m.exec(output)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, output).toBeDefined();
    let kpis: { total_vendas: number } | undefined;
    while (Date.now() - started < 60_000) {
      kpis = (await (await fetch(`${url}/api/kpis`, auth)).json()) as { total_vendas: number };
      if (kpis.total_vendas > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(kpis?.total_vendas, 'sales on the dashboard within a minute').toBeGreaterThan(0);
    expect((await fetch(`${url}/api/kpis`)).status).toBe(401);
    const login = await fetch(`${url}/`, { redirect: 'manual' });
    expect([302, 303, 200]).toContain(login.status);
    const health = await fetch(`${url}/health`);
    expect(Object.keys((await health.json()) as object)).toEqual(['status']);
    const fullHealth = (await (await fetch(`${url}/health`, auth)).json()) as Record<string, unknown>;
    expect(fullHealth).toHaveProperty('database');
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(code, output).toBe(0);
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
