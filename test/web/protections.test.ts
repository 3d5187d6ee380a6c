// Headers, size and rate limits, CORS, request ids, access logs, bad parameters and the hiding
// of unexpected errors.
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.ts';
import type { Database } from '../../src/db/database.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { seedFixtures } from './fixtures.ts';
import { TOKEN, getJson, testApp } from './app-setup.ts';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('web: unexpected errors are hidden', () => {
  const failing: Database = {
    kind: 'pglite',
    query: async () => { throw new Error('relation "public.vendas" does not exist: select secret_column from public.vendas'); },
    transaction: async () => { throw new Error('no'); },
    exec: async () => undefined,
    tlsState: async () => ({ encrypted: false, description: '' }),
    close: async () => undefined,
  };

  it('answers a plain 500 with neither SQL nor stack, logs the cause with the request id', async () => {
    const { logger, lines } = captureLogger();
    const timed: unknown[][] = [];
    const app = testApp(failing, {}, { logger, onRequestTimed: (...args) => timed.push(args) });
    const res = await app.request('/api/kpis?periodo=7', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Erro interno. Informe o código abc-123 ao suporte.' } });
    expect(text).not.toMatch(/select|relation|at |\.ts/);
    expect(lines.some((l) => l.includes('unexpected error') && l.includes('abc-123'))).toBe(true);
    expect(timed).toEqual([['/api/kpis', 'GET', 500, expect.any(Number)]]);
    const health = await getJson(app, '/health');
    expect(health.status).toBe(503);
  });
});

describeEachDatabase('web: protections', (get) => {
  beforeAll(async () => {
    await seedFixtures(get().db);
  });

  it('security headers: CSP without inline script, no framing, nosniff, referrer policy; HSTS only in production', async () => {
    const res = await testApp(get().db).request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const prod = testApp(get().db, { NODE_ENV: 'production', API_TOKENS: TOKEN });
    expect((await prod.request('/health')).headers.get('strict-transport-security')).toContain('max-age=31536000');
  });

  it('static assets are served by us, with ETag revalidation', async () => {
    const app = testApp(get().db);
    for (const file of ['app.js', 'app.css', 'chart.umd.js', 'format.js', 'charts.js', 'render.js']) {
      const res = await app.request(`/static/${file}`);
      expect(res.status, file).toBe(200);
    }
    const chart = await app.request('/static/chart.umd.js');
    expect(chart.headers.get('content-type')).toContain('text/javascript');
    const etag = chart.headers.get('etag')!;
    expect((await app.request('/static/chart.umd.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/static/..%2Fapp.ts')).status).toBe(404);
  });

  it('request ids: echoed when plain, generated otherwise; access logs carry no query or client data', async () => {
    const { logger, lines } = captureLogger();
    const app = testApp(get().db, {}, { logger });
    const echoed = await app.request('/api/sales?corretor=Carlos%20Lima', { headers: { 'x-request-id': 'req-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-42');
    const generated = await app.request('/api/kpis', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const log = lines.join('\n');
    expect(log).toContain('"route":"/api/sales"');
    expect(log).toContain('"req_id":"req-42"');
    expect(log).not.toContain('Carlos');
    expect(log).not.toContain('Camila');
    expect(log).not.toContain('corretor=');
  });

  it('bad parameters are a 400 with the error shape, never a 500', async () => {
    const app = testApp(get().db);
    const cases = [
      '/api/kpis?periodo=abc', '/api/kpis?periodo=0', '/api/kpis?periodo=99999999', '/api/kpis?de=2025-02-30',
      '/api/kpis?de=2025-03-01&ate=2025-02-01', '/api/kpis?periodo=7&de=2025-01-01', '/api/kpis?foo=1',
      '/api/kpis?periodo=7&periodo=30', '/api/sales?limit=0', '/api/sales?limit=1001', '/api/sales?offset=-1',
      '/api/kpis?format=xml', '/api/kpis?empreendimento=', `/api/kpis?corretor=${'x'.repeat(201)}`, '/api/inventory?periodo=30',
      '/api/kpis?corretor=%00',
    ];
    for (const path of cases) {
      const { status, body } = await getJson<{ error: { code: string; message: string } }>(app, path);
      expect(status, path).toBe(400);
      expect(body.error.code, path).toBe('bad_request');
      expect(body.error.message.length, path).toBeGreaterThan(5);
    }
  });

  it('query strings over 2 KB and bodies over the limit are refused', async () => {
    const app = testApp(get().db, { DASHBOARD_USER: 'u', DASHBOARD_PASSWORD: 'p' }, { limits: { bodyBytes: 1024 } });
    const long = await getJson(app, `/api/kpis?empreendimento=${'a'.repeat(2100)}`);
    expect(long.status).toBe(400);
    const page = await app.request(`/?x=${'a'.repeat(2100)}`);
    expect(page.status).toBe(400);
    const big = await getJson(app, '/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: `usuario=${'a'.repeat(4000)}`,
    });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
  });

  it('rate limits: /api/* per client per minute, login attempts per address, 429 JSON with Retry-After', async () => {
    const app = testApp(get().db, { DASHBOARD_USER: 'u', DASHBOARD_PASSWORD: 'p', API_TOKENS: TOKEN }, { limits: { apiPerMinute: 3, loginPer15Minutes: 2 } });
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (let i = 0; i < 3; i++) expect((await app.request('/api/kpis', { headers: auth })).status).toBe(200);
    const limited = await getJson(app, '/api/kpis', { headers: auth });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Wrong tokens are counted too (per address), so guessing is limited.
    for (let i = 0; i < 3; i++) await app.request('/api/kpis', { headers: { authorization: `Bearer guess-${i}-0123456789abcdef` } });
    expect((await app.request('/api/kpis', { headers: { authorization: 'Bearer guess-9-0123456789abcdef' } })).status).toBe(429);
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };
    for (let i = 0; i < 2; i++) expect((await app.request('/login', { method: 'POST', headers: form, body: 'usuario=u&senha=x' })).status).toBe(401);
    const blocked = await getJson(app, '/login', { method: 'POST', headers: form, body: 'usuario=u&senha=p' });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('X-Forwarded-For is believed only behind TRUST_PROXY proxies: rotating it does not dodge the login limit', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };
    const attempt = (app: ReturnType<typeof testApp>, forwarded: string, socket = '198.51.100.1') =>
      app.request('/login', { method: 'POST', headers: { ...form, 'x-forwarded-for': forwarded }, body: 'usuario=u&senha=x' },
        { incoming: { socket: { remoteAddress: socket } } });
    const limits = { limits: { apiPerMinute: 1_000_000, loginPer15Minutes: 2 } };
    // No proxy (the default, also in production outside Railway): the socket address counts.
    const direct = testApp(get().db, { DASHBOARD_USER: 'u', DASHBOARD_PASSWORD: 'p', NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }, limits);
    expect((await attempt(direct, '1.0.0.1')).status).toBe(401);
    expect((await attempt(direct, '1.0.0.2')).status).toBe(401);
    expect((await attempt(direct, '1.0.0.3')).status).toBe(429);
    expect((await attempt(direct, '1.0.0.3', '198.51.100.2')).status).toBe(401);
    // One proxy: its entry (the rightmost) counts, whatever the client put before it.
    const proxied = testApp(get().db, { DASHBOARD_USER: 'u', DASHBOARD_PASSWORD: 'p', TRUST_PROXY: '1' }, limits);
    expect((await attempt(proxied, '1.0.0.1, 203.0.113.7')).status).toBe(401);
    expect((await attempt(proxied, '1.0.0.2, 203.0.113.7')).status).toBe(401);
    expect((await attempt(proxied, '203.0.113.7')).status).toBe(429);
    // Another client behind the same proxy is not locked out by the first one.
    expect((await attempt(proxied, '203.0.113.7, 203.0.113.8')).status).toBe(401);
  });

  it('the API limit per address also ignores a rotated X-Forwarded-For without trusted proxies', async () => {
    const app = testApp(get().db, {}, { limits: { apiPerMinute: 2, loginPer15Minutes: 1_000_000 } });
    const call = (forwarded: string) => app.request('/api/kpis', { headers: { 'x-forwarded-for': forwarded } }, { incoming: { socket: { remoteAddress: '198.51.100.9' } } });
    expect((await call('1.0.0.1')).status).toBe(200);
    expect((await call('1.0.0.2')).status).toBe(200);
    expect((await call('1.0.0.3')).status).toBe(429);
  });

  it('CORS is off unless origins are configured, and then only for them', async () => {
    const closed = testApp(get().db);
    const res = await closed.request('/api/kpis', { headers: { origin: 'https://bi.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const open = testApp(get().db, { CORS_ORIGINS: 'https://bi.example.com' });
    const allowed = await open.request('/api/kpis', { headers: { origin: 'https://bi.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://bi.example.com');
    const other = await open.request('/api/kpis', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a known path with the wrong method answers 405 with Allow; unknown paths stay 404', async () => {
    const app = testApp(get().db, { API_TOKENS: TOKEN, DASHBOARD_USER: 'u', DASHBOARD_PASSWORD: 'p' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const post = await getJson(app, '/api/kpis', { method: 'POST', headers: auth });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(post.body).toEqual({ error: { code: 'method_not_allowed', message: 'Método POST não permitido nesta rota. Use: GET, HEAD.' } });
    const del = await app.request('/', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    expect((await app.request('/logout')).headers.get('allow')).toBe('POST');
    expect((await app.request('/login', { method: 'PUT' })).headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await app.request('/static/app.js', { method: 'POST' })).status).toBe(405);
    // The right method still gets its answer, a missing file or path still 404.
    expect((await app.request('/api/kpis', { method: 'HEAD', headers: auth })).status).toBe(200);
    expect((await app.request('/static/nada.js')).status).toBe(404);
    expect((await app.request('/api/nada', { method: 'POST', headers: auth })).status).toBe(404);
    // Without credentials the API still asks for them first.
    expect((await app.request('/api/kpis', { method: 'POST' })).status).toBe(401);
  });

  it('unknown routes answer 404 JSON; API answers are not cached', async () => {
    const app = testApp(get().db);
    const missing = await getJson(app, '/api/nada');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'Rota não encontrada.' } });
    expect((await app.request('/api/kpis')).headers.get('cache-control')).toBe('no-store');
  });
});
