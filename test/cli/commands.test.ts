// The command line as a user meets it: real child processes, real databases, the simulator.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cliAgainstSimulator } from '../helpers/cli-against-simulator.ts';
import { BIN, runCli } from '../helpers/run-cli.ts';

describe('cvcrm-etl', () => {
  let sim: RunningSimulator;
  let env: Record<string, string>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ sim, env, stop } = await cliAgainstSimulator({ scale: 120, seed: 9 }));
  });
  afterAll(() => stop());

  it('lists its commands and explains a bad one in one sentence', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['sync', 'migrate', 'check', 'verify', 'simulator']) expect(help.stdout).toContain(name);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const badFlag = await runCli(['sync', '--bogus']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad setting naming the variable, without echoing a secret', async () => {
    const result = await runCli(['check'], { ...env, CVCRM_PAGE_SIZE: '900', CVCRM_API_TOKEN: 'segredo-muito-secreto-123' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CVCRM_PAGE_SIZE/);
    expect(result.stderr + result.stdout).not.toContain('segredo-muito-secreto-123');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('check: says the API and the database work, and that TLS is not in use', async () => {
    const result = await runCli(['check'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^banco de dados: ok \(PostgreSQL\)/m);
    expect(result.stdout).toMatch(/TLS não está em uso \(sslmode=disable\)/);
    expect(result.stdout).toMatch(/cvdw: ok/);
  });

  it('check: names a wrong token and an unreachable database', async () => {
    const wrongToken = await runCli(['check'], { ...env, CVCRM_API_TOKEN: 'b'.repeat(40) });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stdout).toMatch(/recusou as credenciais \(HTTP 401\): confira CVCRM_API_EMAIL e CVCRM_API_TOKEN/);
    expect(wrongToken.stdout + wrongToken.stderr).not.toContain('b'.repeat(40));
    const noDatabase = await runCli(['check'], { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nada' });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stdout).toMatch(/^banco de dados: FALHOU: DATABASE_URL: /m);
  });

  it('refuses, in production, a remote database without TLS', async () => {
    const result = await runCli(['migrate'], { ...env, NODE_ENV: 'production', DATABASE_URL: 'postgres://u:senha@db.example.com:5432/x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sslmode=require/);
    expect(result.stderr).not.toContain('senha');
  });

  it('sync prints a summary per resource and verify agrees, until a record vanishes upstream', async () => {
    const sync = await runCli(['sync'], env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/^recurso\s+situação\s+modo\s+requisições\s+páginas\s+registros\s+gravados\s+rejeitados\s+ilegíveis\s+excluídos\s+tempo$/m);
    expect(sync.stdout).toMatch(/^reservas\/condicoes\s+concluído\s+incremental\s/m);
    expect(sync.stdout).toMatch(/\nsincronização concluída em (\d+ min )?[\d,]+ s\n$/);
    expect(sync.stdout).toMatch(/^reservas: [\d.]+ de [\d.]+ registros \(\d+%\)/m);
    const verified = await runCli(['verify'], env);
    expect(verified.code, verified.stdout).toBe(0);
    sim.data.hardDelete('reservas', String(sim.data.snapshot('reservas')[0]!.referencia));
    const mismatch = await runCli(['verify'], env);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stdout).toMatch(/reservas\s+120\s+119\s+DIFERENTE \(\+1\)/);
    const only = await runCli(['sync', 'reservas', '--full'], env);
    expect(only.code).toBe(0);
    expect(only.stdout).toMatch(/reservas\s+concluído\s+completa/);
    expect((await runCli(['verify'], env)).code).toBe(0);
  });

  it('sync off a terminal: one line per page, counts that never go backwards nor past the total', async () => {
    const sync = await runCli(['sync', 'reservas', 'reservas/condicoes', '--full'], { ...env, CVCRM_PAGE_SIZE: '40' });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).not.toContain('\x1b[');
    for (const resource of ['reservas', 'reservas/condicoes']) {
      const name = resource.replace('/', '\\/');
      const pages = [...sync.stdout.matchAll(new RegExp(`^${name}: ([\\d.]+) de ([\\d.]+) registros \\((\\d+)%\\)`, 'gm'))]
        .map((m) => ({ done: Number(m[1]!.replace(/\./g, '')), expected: Number(m[2]!.replace(/\./g, '')), percent: Number(m[3]) }));
      const table = new RegExp(`^${name}\\s+concluído\\s+completa\\s+[\\d.]+\\s+([\\d.]+)\\s+([\\d.]+)`, 'm').exec(sync.stdout);
      // One line per page loaded, as the summary counts them (which include the cursor's re-reads).
      expect(pages.length, resource).toBe(Number(table![1]!.replace(/\./g, '')));
      expect(pages.length, resource).toBeGreaterThan(2);
      for (let i = 0; i < pages.length; i++) {
        const p = pages[i]!;
        expect(p.done).toBeLessThanOrEqual(p.expected);
        expect(p.percent).toBe(Math.floor((100 * p.done) / p.expected));
        if (i > 0) expect(p.done).toBeGreaterThanOrEqual(pages[i - 1]!.done);
      }
      // A full read counts each record once: it ends at what the API holds.
      const held = sim.data.snapshot(resource).length;
      expect(pages[pages.length - 1]).toMatchObject({ done: held, expected: held, percent: 100 });
      expect(Number(table![2]!.replace(/\./g, ''))).toBeGreaterThan(held);
      expect(sync.stdout).toMatch(new RegExp(`^${name}: sincronização completa iniciada$`, 'm'));
      expect(sync.stdout).toContain(`${resource}: concluído, ${new Intl.NumberFormat('pt-BR').format(held)} registros em `);
    }
  });

  it.skipIf(!existsSync('/usr/bin/script'))('sync on a terminal: one line per resource and a total line, redrawn in place', async () => {
    // `script` gives the command a pseudo-terminal, as a person running it would have.
    const command = `stty cols 150 2>/dev/null; exec "${process.execPath}" "${BIN}" sync reservas vendas --full`;
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent-unused', TERM: 'xterm', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });
    expect(code, stdout).toBe(0);
    const text = stdout.replace(/\r\n/g, '\n');
    expect(text).toContain('\x1b[?25l');
    const esc = String.fromCharCode(27);
    const frames = text.slice(0, text.indexOf(`${esc}[?25h`)).split(new RegExp(`\\r${esc}\\[\\d+A${esc}\\[J`));
    expect(frames.length).toBeGreaterThan(3);
    const held = (resource: string) => new Intl.NumberFormat('pt-BR').format(sim.data.snapshot(resource).length);
    expect(frames[frames.length - 1]!.split('\n').slice(0, 3)).toEqual([
      `reservas ${'█'.repeat(20)} ${held('reservas')} de ${held('reservas')} registros (100%) · concluído`,
      `vendas   ${'█'.repeat(20)} ${held('vendas')} de ${held('vendas')} registros (100%) · concluído`,
      expect.stringMatching(/^total +[\d.]+ de [\d.]+ registros \(100%\) · 2 de 2 recursos$/),
    ]);
    expect(text).toMatch(/^vendas\s+concluído\s+completa/m);
  });

  it('sync exits 1 when a resource fails', async () => {
    const result = await runCli(['sync', 'reservas'], { ...env, CVCRM_API_TOKEN: 'c'.repeat(40) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^reservas\s+falhou\s/m);
    expect(result.stdout).toMatch(/\nsincronização terminada com falhas em (\d+ min )?[\d,]+ s\n$/);
  });
});
