// Access control: open local access, API tokens, the login session, production refusal, the
// full view of personal data, and /health and /metrics for anonymous and known callers.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createApp } from '../../src/web/app.ts';
import { FIXED_NOW, seedFixtures } from './fixtures.ts';
import { PII_TOKEN, TOKEN, getJson, testApp, testConfig } from './app-setup.ts';

const USER = { DASHBOARD_USER: 'diretoria', DASHBOARD_PASSWORD: 'senha-forte-123' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };

function loginBody(usuario: string, senha: string, next = '/'): string {
  return new URLSearchParams({ usuario, senha, next }).toString();
}

async function login(app: ReturnType<typeof testApp>, user = USER.DASHBOARD_USER.replace(/:pii$/, ''), password = USER.DASHBOARD_PASSWORD) {
  const res = await app.request('/login', { method: 'POST', headers: FORM, body: loginBody(user, password) });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0]! };
}

describe('web: production refuses to run without authentication', () => {
  const db = {} as never;
  it('names the variables to set', () => {
    expect(() => createApp({ db, config: testConfig({ NODE_ENV: 'production' }) })).toThrow(/DASHBOARD_USER.*DASHBOARD_PASSWORD.*API_TOKENS/);
    expect(() => createApp({ db, config: testConfig({ RAILWAY_ENVIRONMENT: 'production', API_TOKENS: TOKEN }) })).not.toThrow();
  });
  it('rejects a token shorter than 16 characters once its :pii suffix is removed', () => {
    expect(() => createApp({ db, config: testConfig({ API_TOKENS: 'abcdefghijklm:pii' }) })).toThrow(/API_TOKENS/);
  });
});

describeEachDatabase('web: access control', (get) => {
  beforeAll(async () => {
    await seedFixtures(get().db);
  });

  it('open access locally when nothing is configured; clients still masked', async () => {
    const app = testApp(get().db);
    expect((await app.request('/')).status).toBe(200);
    const sales = await getJson<{ vendas: { cliente: string }[] }>(app, '/api/sales?limit=1');
    expect(sales.body.vendas[0]!.cliente).toBe('Camila T.');
    const health = await getJson(app, '/health');
    expect(Object.keys(health.body).sort()).toEqual(['api', 'contas', 'database', 'failing_accounts', 'last_sync', 'status', 'timestamp']);
    expect((await app.request('/login')).status).toBe(302);
  });

  it('API tokens: missing or wrong → 401 JSON; right → 200; masked unless the token has :pii', async () => {
    const app = testApp(get().db, { API_TOKENS: `${TOKEN},${PII_TOKEN}:pii` });
    const anonymous = await getJson(app, '/api/kpis');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await getJson(app, '/api/kpis', { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'Token inválido.' } });
    const ok = await getJson<{ vendas: { cliente: string }[] }>(app, '/api/sales?limit=1', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.body.vendas[0]!.cliente).toBe('Camila T.');
    const full = await getJson<{ vendas: { cliente: string }[] }>(app, '/api/sales?limit=1', { headers: { authorization: `Bearer ${PII_TOKEN}` } });
    expect(full.body.vendas[0]!.cliente).toBe('Camila Torres');
    const csv = await app.request('/api/sales?format=csv', { headers: { authorization: `Bearer ${PII_TOKEN}` } });
    expect(await csv.text()).toContain('Maria Silva Souza;maria.souza@example.com;123.456.789-09');
    // The page needs a login, which is not configured: the form says so.
    expect((await app.request('/')).headers.get('location')).toBe('/login');
    expect(await (await app.request('/login')).text()).toContain('DASHBOARD_USER');
  });

  it('login: wrong password → 401 form; right → signed HttpOnly SameSite cookie; the page and APIs open', async () => {
    const app = testApp(get().db, USER);
    const page = await app.request('/?periodo=7');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2F%3Fperiodo%3D7');
    const form = await app.request('/login');
    expect(await form.text()).toContain('name="senha" type="password"');
    const bad = await login(app, 'diretoria', 'errada');
    expect(bad.res.status).toBe(401);
    expect(await bad.res.text()).toContain('Usuário ou senha inválidos.');
    expect(bad.setCookie).toBe('');
    const good = await login(app);
    expect(good.res.status).toBe(303);
    expect(good.res.headers.get('location')).toBe('/');
    expect(good.setCookie).toMatch(/^cvcrm_sessao=v1\./);
    expect(good.setCookie).toContain('HttpOnly');
    expect(good.setCookie).toContain('SameSite=Lax');
    expect(good.setCookie).toContain('Max-Age=43200');
    expect(good.setCookie).not.toContain('Secure');
    const headers = { cookie: good.cookie };
    expect((await app.request('/', { headers })).status).toBe(200);
    expect((await app.request('/api/kpis', { headers })).status).toBe(200);
    const pageText = await (await app.request('/', { headers })).text();
    expect(pageText).toContain('action="/logout"');
    // A tampered cookie is no session.
    const tampered = good.cookie.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await app.request('/api/kpis', { headers: { cookie: tampered } })).status).toBe(401);
  });

  it('the login form only accepts same-origin posts and follows only local next paths', async () => {
    const app = testApp(get().db, USER);
    const foreign = await app.request('/login', {
      method: 'POST', headers: { ...FORM, origin: 'https://evil.example' }, body: loginBody('diretoria', USER.DASHBOARD_PASSWORD),
    });
    expect(foreign.status).toBe(403);
    const next = await app.request('/login', { method: 'POST', headers: FORM, body: loginBody('diretoria', USER.DASHBOARD_PASSWORD, '//evil.example/') });
    expect(next.headers.get('location')).toBe('/');
    const local = await app.request('/login', { method: 'POST', headers: FORM, body: loginBody('diretoria', USER.DASHBOARD_PASSWORD, '/?periodo=7') });
    expect(local.headers.get('location')).toBe('/?periodo=7');
  });

  it('sessions expire after 12 hours and end at logout', async () => {
    let now = FIXED_NOW.getTime();
    const app = testApp(get().db, USER, { now: () => new Date(now) });
    const { cookie } = await login(app);
    now += 11 * 3600_000;
    expect((await app.request('/api/kpis', { headers: { cookie } })).status).toBe(200);
    now += 2 * 3600_000;
    expect((await app.request('/api/kpis', { headers: { cookie } })).status).toBe(401);
    now = FIXED_NOW.getTime();
    const second = await login(app);
    const out = await app.request('/logout', { method: 'POST', headers: { ...FORM, cookie: second.cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/cvcrm_sessao=;.*Max-Age=0/);
    expect((await app.request('/api/kpis', { headers: { cookie: second.cookie } })).status).toBe(401);
  });

  it('a user named with :pii sees clients in full; production cookies are Secure and __Host-', async () => {
    const piiApp = testApp(get().db, { ...USER, DASHBOARD_USER: 'diretoria:pii' });
    const { cookie } = await login(piiApp, 'diretoria');
    const sales = await getJson<{ vendas: { cliente: string }[] }>(piiApp, '/api/sales?limit=1', { headers: { cookie } });
    expect(sales.body.vendas[0]!.cliente).toBe('Camila Torres');
    const prod = testApp(get().db, { ...USER, NODE_ENV: 'production', SESSION_SECRET: 'um-segredo-de-sessao-bem-longo' });
    const res = await login(prod);
    expect(res.setCookie).toMatch(/^__Host-cvcrm_sessao=/);
    expect(res.setCookie).toContain('Secure');
    expect(res.res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('/health: status only for anonymous callers, the full report for authenticated ones', async () => {
    // Only reservas is synced here: its last success (12:00) is fresh at 15:00.
    const app = testApp(get().db, { API_TOKENS: TOKEN, CVCRM_RESOURCES: 'reservas' });
    const anonymous = await getJson(app, '/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'healthy' });
    const full = await getJson<Record<string, unknown>>(app, '/health', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(full.body).toMatchObject({ status: 'healthy', database: { ok: true }, last_sync: { reservas: { last_success_at: '2025-03-15T12:00:00.000Z', stale: false } }, timestamp: FIXED_NOW.toISOString() });
    const sick = testApp(get().db, { API_TOKENS: TOKEN }, { health: async () => ({ healthy: false, body: { database: 'down', api: 'ok', last_sync: null, timestamp: 'x' } }) });
    const report = await getJson(sick, '/health');
    expect(report.status).toBe(503);
    expect(report.body).toEqual({ status: 'unhealthy' });
  });

  it('/metrics: 404 without a source, 401 for anonymous callers, the text for authenticated ones', async () => {
    expect((await testApp(get().db).request('/metrics')).status).toBe(404);
    const app = testApp(get().db, { API_TOKENS: TOKEN }, { metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'up 1\n' }) });
    expect((await app.request('/metrics')).status).toBe(401);
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await res.text()).toBe('up 1\n');
  });
});
