// Dashboard sessions end when they should: a logout holds for every app on the database and after
// a restart (a new app with the same SESSION_SECRET), a removed user or :pii grant ends or narrows
// a live session, and a session that cannot be checked is not let through.
import { beforeAll, expect, it } from 'vitest';
import { SESSION_CHECK_MS } from '../../src/web/auth/session-revocations.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { FIXED_NOW, seedFixtures } from './fixtures.ts';
import { getJson, testApp } from './app-setup.ts';

const SECRET = { SESSION_SECRET: 'um-segredo-de-sessao-bem-longo-0123' };
const USER = { ...SECRET, DASHBOARD_USER: 'diretoria:pii', DASHBOARD_PASSWORD: 'senha-forte-123' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };

type App = ReturnType<typeof testApp>;

async function login(app: App): Promise<string> {
  const body = new URLSearchParams({ usuario: 'diretoria', senha: USER.DASHBOARD_PASSWORD, next: '/' }).toString();
  const res = await app.request('/login', { method: 'POST', headers: FORM, body });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const logout = (app: App, cookie: string) => app.request('/logout', { method: 'POST', headers: { ...FORM, cookie } });
const kpisStatus = async (app: App, cookie: string) => (await app.request('/api/kpis', { headers: { cookie } })).status;
async function firstClient(app: App, cookie: string): Promise<string> {
  const res = await getJson<{ vendas: { cliente: string }[] }>(app, '/api/sales?limit=1', { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.body.vendas[0]!.cliente;
}

describeEachDatabase('web: sessions', (get) => {
  beforeAll(async () => {
    await seedFixtures(get().db);
  });

  it('a logout holds after a restart: a new app with the same secret refuses the cookie, keeps the others', async () => {
    const before = testApp(get().db, USER);
    const ended = await login(before);
    const kept = await login(before);
    expect((await logout(before, ended)).status).toBe(303);
    expect(await kpisStatus(before, ended)).toBe(401);
    const restarted = testApp(get().db, USER);
    expect(await kpisStatus(restarted, ended)).toBe(401);
    expect((await restarted.request('/', { headers: { cookie: ended } })).headers.get('location')).toBe('/login');
    expect(await kpisStatus(restarted, kept)).toBe(200);
  });

  it('a logout in one app is refused by another on the same database: at once, or within the check interval', async () => {
    const a = testApp(get().db, USER);
    const b = testApp(get().db, USER);
    const unseen = await login(a);
    await logout(a, unseen);
    expect(await kpisStatus(b, unseen)).toBe(401);

    const seen = await login(a);
    expect(await kpisStatus(b, seen)).toBe(200);
    await logout(a, seen);
    expect(await kpisStatus(a, seen)).toBe(401);
    await new Promise((r) => setTimeout(r, SESSION_CHECK_MS + 100));
    expect(await kpisStatus(b, seen)).toBe(401);
  });

  it('the :pii grant comes from the configuration now: removing it narrows a live session; adding it does not widen one', async () => {
    const withGrant = testApp(get().db, USER);
    const full = await login(withGrant);
    expect(await firstClient(withGrant, full)).toBe('Camila Torres');
    const withoutGrant = testApp(get().db, { ...USER, DASHBOARD_USER: 'diretoria' });
    expect(await firstClient(withoutGrant, full)).toBe('Camila T.');
    const narrow = await login(withoutGrant);
    expect(await firstClient(withGrant, narrow)).toBe('Camila T.');
    expect(await firstClient(withGrant, await login(withGrant))).toBe('Camila Torres');
  });

  it('a removed or renamed user, a new password or another secret ends the session', async () => {
    const app = testApp(get().db, USER);
    const cookie = await login(app);
    expect(await kpisStatus(testApp(get().db, { ...USER, DASHBOARD_USER: 'outra-pessoa' }), cookie)).toBe(401);
    expect(await kpisStatus(testApp(get().db, { ...USER, DASHBOARD_PASSWORD: 'outra-senha-456' }), cookie)).toBe(401);
    expect(await kpisStatus(testApp(get().db, { ...USER, SESSION_SECRET: 'outro-segredo-de-sessao-0123456' }), cookie)).toBe(401);
    expect(await kpisStatus(testApp(get().db, { SESSION_SECRET: SECRET.SESSION_SECRET, API_TOKENS: 'token-de-teste-bi-0123456789' }), cookie)).toBe(401);
    expect(await kpisStatus(app, cookie)).toBe(200);
  });

  it('a cookie with an extra dot-separated part is refused', async () => {
    const app = testApp(get().db, USER);
    const cookie = await login(app);
    expect(await kpisStatus(app, cookie)).toBe(200);
    expect(await kpisStatus(app, `${cookie}.x`)).toBe(401);
    expect(await kpisStatus(app, `${cookie}.`)).toBe(401);
  });

  it('logouts are kept until the session would have expired, then swept', async () => {
    let now = FIXED_NOW.getTime();
    const app = testApp(get().db, USER, { now: () => new Date(now) });
    const old = await login(app);
    await logout(app, old);
    const count = async () => (await get().db.query<{ n: number }>('select count(*)::int as n from etl.revoked_sessions')).rows[0]!.n;
    expect(await count()).toBeGreaterThan(1);
    now += 13 * 3600_000;
    await logout(app, await login(app));
    // Every earlier logout was of a session now expired: only the newest row is left.
    expect(await count()).toBe(1);
  });

  it('a session that cannot be checked gets 503 on the APIs and the page, never a pass; /health still answers', async () => {
    const app = testApp(get().db, USER);
    const cookie = await login(app);
    await get().db.query('alter table etl.revoked_sessions rename to revoked_sessions_off');
    try {
      const fresh = testApp(get().db, USER);
      const api = await getJson(fresh, '/api/kpis', { headers: { cookie } });
      expect(api.status).toBe(503);
      expect(api.body).toEqual({ error: { code: 'service_unavailable', message: expect.stringContaining('sessão') } });
      expect((await fresh.request('/', { headers: { cookie } })).status).toBe(503);
      // /health gives its own report (no sync has run here, so it may be unhealthy), never the
      // session check's refusal.
      const health = await getJson(fresh, '/health', { headers: { cookie } });
      expect(health.body).toMatchObject({ status: expect.stringMatching(/^(healthy|unhealthy)$/) });
      expect(health.body).not.toHaveProperty('error');
    } finally {
      await get().db.query('alter table etl.revoked_sessions_off rename to revoked_sessions');
    }
  });
});

describeEachDatabase('web: a logout the database cannot record', (get) => {
  it('still clears the cookie and answers 503 in Portuguese, and this app refuses the session', async () => {
    const app = testApp(get().db, USER);
    const cookie = await login(app);
    expect(await kpisStatus(app, cookie)).toBe(200);
    // Lookups still work; only the logout's insert fails.
    await get().db.query('alter table etl.revoked_sessions add constraint refuse_inserts check (false) not valid');
    try {
      const res = await logout(app, cookie);
      expect(res.status).toBe(503);
      const cleared = res.headers.get('set-cookie') ?? '';
      expect(cleared).toMatch(/^cvcrm_sessao=;/);
      expect(cleared).toMatch(/Max-Age=0/i);
      const page = await res.text();
      expect(page).toContain('O servidor não conseguiu registrar a saída no banco de dados agora.');
      expect(page).toContain('href="/login"');
      expect(await kpisStatus(app, cookie)).toBe(401);
    } finally {
      await get().db.query('alter table etl.revoked_sessions drop constraint refuse_inserts');
    }
  });
});
