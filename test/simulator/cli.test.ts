// `cvcrm-etl simulator`: flags, credentials from the environment, the ready line, and a clean
// stop. The configuration is never loaded: the simulator works with any configuration.
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError, UserError, type CommandContext } from '../../src/cli/command.ts';
import { runSimulatorCommand, simulatorCommand } from '../../src/cli/commands/simulator.ts';
import { DEMO_CREDENTIALS } from '../../src/simulator/index.ts';

function context(env: Record<string, string> = {}): { ctx: CommandContext; output: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ctx: CommandContext = {
    env,
    config: () => {
      throw new Error('the simulator must not load the configuration');
    },
    stdout,
    stderr: new PassThrough(),
  };
  return { ctx, output: () => text };
}

async function waitFor(output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 200; i += 1) {
    const match = pattern.exec(output());
    if (match !== null) return match;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never printed ${String(pattern)}: ${output()}`);
}

describe('simulator command', () => {
  it('prints the demo credential and the ready line, serves, and stops on the signal', async () => {
    const { ctx, output } = context();
    const stop = new AbortController();
    const running = runSimulatorCommand(['--port', '0', '--seed', '3', '--scale', '300', '--limit', '2', '--window', '5', '--lockout', '5', '--today', '2025-06-15', '--retry-after'], ctx, stop.signal);
    const [, url] = await waitFor(output, /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    expect(output()).toContain(`token ${DEMO_CREDENTIALS.token}`);
    const headers = { email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token };
    const first = await fetch(`${url}/api/v1/cvdw/reservas`, { headers });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { total_de_registros: number }).total_de_registros).toBe(300);
    await (await fetch(`${url}/api/v1/cvdw/reservas`, { headers })).text();
    const limited = await fetch(`${url}/api/v1/cvdw/reservas`, { headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    const control = await fetch(`${url}/__control/clock`, { method: 'POST', body: '{}' });
    expect(control.status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/api/v1/cvdw/reservas`, { headers })).rejects.toThrow();
  });

  it('accepts the credentials of the environment and never prints their token', async () => {
    const token = '1234567890abcdef1234567890abcdef12345678';
    const { ctx, output } = context({ CVCRM_API_EMAIL: 'ana@construtora.com.br', CVCRM_API_TOKEN: token });
    const stop = new AbortController();
    const running = runSimulatorCommand(['--port', '0'], ctx, stop.signal);
    const [, url] = await waitFor(output, /^listening on (\S+)$/m);
    expect(output()).toContain('ana@construtora.com.br');
    expect(output()).not.toContain(token);
    expect((await fetch(`${url}/api/v1/cvdw/vendas`, { headers: { email: 'ana@construtora.com.br', token } })).status).toBe(200);
    expect((await fetch(`${url}/api/v1/cvdw/vendas`, { headers: { email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token } })).status).toBe(401);
    stop.abort();
    expect(await running).toBe(0);
  });

  it('rejects bad flags and a busy port with one clear sentence', async () => {
    const { ctx } = context();
    const never = new AbortController().signal;
    await expect(runSimulatorCommand(['--port', 'abc'], ctx, never)).rejects.toThrow(UsageError);
    await expect(runSimulatorCommand(['--today', '2025-02-30'], ctx, never)).rejects.toThrow(UsageError);
    await expect(runSimulatorCommand(['--scale', '0'], ctx, never)).rejects.toThrow(UsageError);
    await expect(runSimulatorCommand(['--bogus'], ctx, never)).rejects.toThrow(UsageError);
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(runSimulatorCommand(['--port', String(port)], ctx, never)).rejects.toThrow(UserError);
    } finally {
      busy.close();
    }
    expect(simulatorCommand.name).toBe('simulator');
    expect(simulatorCommand.help).toContain('--retry-after');
  });
});
