// The CVDW client against a real HTTP server on loopback that answers from a script; waits are
// captured instead of slept.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCvdwClient, type CvdwClientOptions } from '../../src/cvdw/client.ts';
import {
  CvdwAuthError, CvdwBadRequestError, CvdwHttpError, CvdwInvalidResponseError, CvdwNetworkError, CvdwRetriesExhaustedError, CvdwTimeoutError,
} from '../../src/cvdw/errors.ts';
import type { RequestBudget } from '../../src/cvdw/request-budget.ts';

type Step = (req: IncomingMessage, res: ServerResponse) => void;
const ENVELOPE = JSON.stringify({ pagina: 1, registros: 500, total_de_registros: 1, total_de_paginas: 1, dados: [{ referencia: '1' }] });
const ok: Step = (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(ENVELOPE);
const status = (code: number, body = '', headers: Record<string, string> = {}): Step => (_q, res) => res.writeHead(code, headers).end(body);

let server: Server;
let origin: string;
let script: Step[] = [];
let seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const step = script.shift() ?? ok;
    step(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  seen = [];
});

function client(overrides: Partial<CvdwClientOptions> = {}) {
  const sleeps: number[] = [];
  const pauses: number[] = [];
  let acquired = 0;
  const budget: RequestBudget = {
    acquire: async () => void acquired++,
    pause: async (ms) => void pauses.push(ms),
  };
  const c = createCvdwClient({
    baseUrl: origin, email: 'ops@incorporadora.com.br', token: 'a'.repeat(40), timeoutMs: 300, maxRetries: 3, budget,
    backoff: { baseMs: 100, maxMs: 1000 }, random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
  return { c, sleeps, pauses, acquired: () => acquired };
}

const page = { pagina: 2, registrosPorPagina: 500, aPartir: '2026-01-02 03:04:05' };

describe('the CVDW client', () => {
  it('sends the credentials as headers and the paging as query parameters, each through the budget', async () => {
    const { c, acquired } = client();
    const envelope = await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page);
    expect(envelope.dados).toHaveLength(1);
    const req = seen[0]!;
    expect(req.headers.email).toBe('ops@incorporadora.com.br');
    expect(req.headers.token).toBe('a'.repeat(40));
    expect(req.headers.accept).toBe('application/json');
    const url = new URL(req.url!, origin);
    expect(url.pathname).toBe('/api/v1/cvdw/reservas');
    expect(Object.fromEntries(url.searchParams)).toEqual({ pagina: '2', registros_por_pagina: '500', a_partir_data_referencia: '2026-01-02 03:04:05' });
    expect(acquired()).toBe(1);
  });

  it('reads 204 as an empty page and a plain array from cadastros', async () => {
    script = [status(204), (_q, res) => res.writeHead(200).end('[{"idempreendimento":1}]')];
    const { c } = client();
    expect((await c.fetchPage('leads', '/api/v1/cvdw/leads', page)).dados).toEqual([]);
    expect(await c.fetchList('empreendimentos', '/api/v1/cadastros/empreendimentos')).toEqual([{ idempreendimento: 1 }]);
  });

  it('on 429 pauses every request for Retry-After, or 60 s without it', async () => {
    script = [status(429, '{"Response": "Too many requests"}', { 'retry-after': '7' }), status(429, '{"Response": "Too many requests"}')];
    const { c, pauses, sleeps } = client();
    await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page);
    expect(pauses).toEqual([7000, 60_000]);
    expect(sleeps).toEqual([7000, 60_000]);
  });

  it('never pauses longer than 10 minutes, whatever Retry-After asks', async () => {
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toUTCString();
    script = [status(429, '', { 'retry-after': '86400' }), status(429, '', { 'retry-after': inAYear }), status(429, '')];
    const { c, pauses, sleeps } = client({ rateLimitPauseMs: 3_600_000 });
    await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page);
    expect(pauses).toEqual([600_000, 600_000, 600_000]);
    expect(sleeps).toEqual([600_000, 600_000, 600_000]);
  });

  it('retries 503, 422, broken bodies, resets and timeouts with growing jittered waits', async () => {
    script = [
      status(503, '<html>Service Unavailable</html>'),
      status(422, '{"mensagem":"Ocorreu um erro inesperado","codigo":422}'),
      (_q, res) => res.writeHead(200).end('{"pagina":1,"dados":['),
    ];
    const { c, sleeps } = client();
    await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page);
    expect(seen).toHaveLength(4);
    expect(sleeps).toEqual([75, 150, 300]);
  });

  it('gives up after CVCRM_MAX_RETRIES with the last cause', async () => {
    script = [status(503), status(503), status(503), (_q, res) => res.writeHead(200).end('')];
    const { c } = client();
    const error = await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CvdwRetriesExhaustedError);
    expect((error as Error).cause).toBeInstanceOf(CvdwInvalidResponseError);
    expect(seen).toHaveLength(4);
  });

  it('classifies resets and timeouts', async () => {
    script = [(req) => req.socket.destroy(), () => undefined];
    const { c } = client({ maxRetries: 0 });
    const reset = await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page).catch((e: unknown) => e);
    expect((reset as Error).cause).toBeInstanceOf(CvdwNetworkError);
    const hang = await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page).catch((e: unknown) => e);
    expect((hang as Error).cause).toBeInstanceOf(CvdwTimeoutError);
  });

  it('never retries 401 or 400, and never puts the token in a message', async () => {
    script = [status(401, '{"mensagem":"E-mail e/ou token incorreto(s).","codigo":401}'), status(400, '{"error":"O campo a_partir_data_referencia não é válido","code":400}')];
    const { c, sleeps } = client();
    const auth = await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(CvdwAuthError);
    expect((auth as Error).message).toMatch(/CVCRM_API_TOKEN/);
    expect((auth as Error).message).not.toContain('a'.repeat(40));
    const bad = await c.fetchPage('reservas', '/api/v1/cvdw/reservas', page).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CvdwBadRequestError);
    expect((bad as CvdwHttpError).body).toContain('a_partir_data_referencia');
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(2);
  });
});
