// Two accounts with the same ids and different data: a caller limited to account A never gets
// B's rows, figures or names on any /api route (JSON or CSV), the page or /metrics; asking for B
// is a 403; conta=A for an unlimited caller is exactly the limited answer; all accounts together
// are the sum of each.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { getJson, testApp } from './app-setup.ts';
import {
  ACCOUNT_A, ACCOUNT_B, ALL_TOKEN, AMOUNT_FACTOR_B, B_MARKER, LIMITED_TOKEN, TWO_ACCOUNTS_ENV, seedTwoAccounts,
} from './account-fixtures.ts';
import { metricsForAccounts } from '../../src/web/metrics-filter.ts';

type App = ReturnType<typeof testApp>;

const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** Every GET /api route without a path parameter, as the app registered them. */
function apiRoutes(app: App): string[] {
  return [...new Set(app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/') && !r.path.includes(':')).map((r) => r.path))]
    .filter((path) => path !== '/api/openapi.json');
}

async function text(app: App, path: string, token: string): Promise<{ status: number; body: string }> {
  const res = await app.request(path, auth(token));
  return { status: res.status, body: await res.text() };
}

const leaksB = (body: string) => body.includes(B_MARKER) || body.includes(ACCOUNT_B);

const METRICS = [
  '# TYPE cvcrm_sync_runs_total counter',
  `cvcrm_sync_runs_total{conta="${ACCOUNT_A}",resource="reservas",status="succeeded"} 3`,
  `cvcrm_sync_runs_total{conta="${ACCOUNT_B}",resource="reservas",status="failed"} 2`,
  'process_uptime_seconds 10',
].join('\n');

describeEachDatabase('accounts: access limited to one account on every route', (get) => {
  let app: App;
  beforeAll(async () => {
    await seedTwoAccounts(get().db);
    app = testApp(get().db, TWO_ACCOUNTS_ENV, { metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: METRICS }) });
  });

  it('a token limited to A never sees B in any JSON or CSV answer, though B is there for everyone else', async () => {
    const routes = apiRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    let routesWithB = 0;
    for (const route of routes) {
      for (const suffix of ['', '?format=csv']) {
        const limited = await text(app, `${route}${suffix}`, LIMITED_TOKEN);
        if (suffix !== '' && limited.status === 400) continue; // a route without CSV
        expect(limited.status, `${route}${suffix}`).toBe(200);
        expect(leaksB(limited.body), `${route}${suffix} leaks account B`).toBe(false);
        const all = await text(app, `${route}${suffix}`, ALL_TOKEN);
        expect(all.status, route).toBe(200);
        if (all.body.includes(B_MARKER)) routesWithB += 1;
      }
    }
    // The search above means something: most answers of an unlimited caller do name B's data.
    expect(routesWithB).toBeGreaterThanOrEqual(20);
  });

  it('asking for B, or for B among others, is a 403 on every route; an unknown account is a 400 for an unlimited caller', async () => {
    for (const route of apiRoutes(app)) {
      for (const conta of [ACCOUNT_B, `${ACCOUNT_A},${ACCOUNT_B}`, 'inexistente']) {
        const { status, body } = await getJson<{ error: { code: string; message: string } }>(app, `${route}?conta=${conta}`, auth(LIMITED_TOKEN));
        expect(status, `${route} ${conta}`).toBe(403);
        expect(body.error.code).toBe('conta_nao_permitida');
        // The answer names no account the caller did not name itself.
        if (conta === 'inexistente') expect(leaksB(JSON.stringify(body))).toBe(false);
      }
      const unknown = await getJson<{ error: { code: string; message: string } }>(app, `${route}?conta=inexistente`, auth(ALL_TOKEN));
      expect(unknown.status, route).toBe(400);
      expect(unknown.body.error.message).toMatch(/conta: "inexistente" não é uma conta configurada/);
    }
  });

  it('conta=A for an unlimited caller answers exactly what the limited caller gets', async () => {
    for (const route of apiRoutes(app)) {
      for (const suffix of ['', '&format=csv']) {
        const limited = await text(app, `${route}?conta=${ACCOUNT_A}${suffix}`, LIMITED_TOKEN);
        if (limited.status === 400) continue;
        const plain = await text(app, `${route}${suffix.replace('&', '?')}`, LIMITED_TOKEN);
        const all = await text(app, `${route}?conta=${ACCOUNT_A}${suffix}`, ALL_TOKEN);
        expect(all.status, route).toBe(200);
        expect(all.body, `${route}${suffix}`).toBe(limited.body);
        expect(plain.body, `${route}${suffix}`).toBe(limited.body);
      }
    }
  });

  it('all accounts together are the sum of each, and B has its own figures', async () => {
    const kpis = async (query: string) => (await getJson<Record<string, number>>(app, `/api/kpis${query}`, auth(ALL_TOKEN))).body;
    const [a, b, both, listed] = await Promise.all([kpis(`?conta=${ACCOUNT_A}`), kpis(`?conta=${ACCOUNT_B}`), kpis(''), kpis(`?conta=${ACCOUNT_A},${ACCOUNT_B}`)]);
    expect(a.total_vendas).toBeGreaterThan(0);
    expect(b.total_vendas).toBe(a.total_vendas);
    expect(Number(b.valor_total)).toBeCloseTo(Number(a.valor_total) * AMOUNT_FACTOR_B, 2);
    expect(both.total_vendas).toBe(a.total_vendas! + b.total_vendas!);
    expect(Number(both.valor_total)).toBeCloseTo(Number(a.valor_total) + Number(b.valor_total), 2);
    expect(listed).toEqual(both);
    expect(both.total_corretores).toBe(a.total_corretores! + b.total_corretores!);
    expect(both.total_empreendimentos).toBe(a.total_empreendimentos! + b.total_empreendimentos!);

    type Steps = { etapas: { etapa: string; quantidade: number }[]; fluxo: Record<string, number> };
    const funnel = async (query: string) => {
      const { body } = await getJson<Steps>(app, `/api/funnel${query}`, auth(ALL_TOKEN));
      return [...body.etapas.map((s) => s.quantidade), ...Object.values(body.fluxo)];
    };
    const [fa, fb, fall] = await Promise.all([funnel(`?conta=${ACCOUNT_A}`), funnel(`?conta=${ACCOUNT_B}`), funnel('')]);
    expect(fa[0]).toBeGreaterThan(0);
    expect(fall).toEqual(fa.map((n, i) => n + fb[i]!));

    type Stock = { totais: { total: number; disponivel: number } };
    const stock = async (query: string) => (await getJson<Stock>(app, `/api/inventory${query}`, auth(ALL_TOKEN))).body.totais;
    const [sa, sb, sall] = await Promise.all([stock(`?conta=${ACCOUNT_A}`), stock(`?conta=${ACCOUNT_B}`), stock('')]);
    expect(sa.total).toBeGreaterThan(0);
    expect(sall.total).toBe(sa.total + sb.total);
    expect(sall.disponivel).toBe(sa.disponivel + sb.disponivel);
  });

  it('breakdowns keep the accounts apart: the same project id is two rows, each naming its account', async () => {
    type Row = { conta: string; empreendimento_id: number | null; vendas: number };
    const { body } = await getJson<{ empreendimentos: Row[] }>(app, '/api/sales/by-project', auth(ALL_TOKEN));
    const ids = body.empreendimentos.filter((r) => r.empreendimento_id !== null);
    expect(new Set(ids.map((r) => r.conta))).toEqual(new Set([ACCOUNT_A, ACCOUNT_B]));
    for (const row of ids.filter((r) => r.conta === ACCOUNT_A)) {
      expect(ids.find((r) => r.conta === ACCOUNT_B && r.empreendimento_id === row.empreendimento_id)?.vendas).toBe(row.vendas);
    }
    const funnel = await getJson<{ corretores: { conta: string; idcorretor: number | null; corretor: string }[] }>(app, '/api/funnel/by-broker', auth(ALL_TOKEN));
    const sales = await getJson<{ vendas: { conta: string; cvcrm_id: number }[] }>(app, '/api/sales?limit=1000', auth(ALL_TOKEN));
    const byAccount = (conta: string) => sales.body.vendas.filter((v) => v.conta === conta).map((v) => v.cvcrm_id).sort();
    expect(byAccount(ACCOUNT_A).length).toBeGreaterThan(0);
    expect(byAccount(ACCOUNT_B)).toEqual(byAccount(ACCOUNT_A));
    expect((await text(app, '/api/sales?format=csv', ALL_TOKEN)).body).toMatch(/^\uFEFF?conta;cvcrm_id;/);
    const named = funnel.body.corretores.filter((r) => r.idcorretor !== null);
    expect(named.length).toBeGreaterThan(0);
    for (const row of named) expect(row.corretor.startsWith(B_MARKER), row.corretor).toBe(row.conta === ACCOUNT_B);
  });

  it('the sync status of a limited caller lists only its account, and the failure names the account', async () => {
    type Sync = { recursos: { conta: string; recurso: string }[]; ultima_falha: { conta: string; recurso: string } | null };
    const all = (await getJson<Sync>(app, '/api/sync-status', auth(ALL_TOKEN))).body;
    expect(new Set(all.recursos.map((r) => r.conta))).toEqual(new Set([ACCOUNT_A, ACCOUNT_B]));
    expect(all.ultima_falha?.conta).toBeDefined();
    const limited = (await getJson<Sync>(app, '/api/sync-status', auth(LIMITED_TOKEN))).body;
    expect(limited.recursos.map((r) => r.conta)).toEqual(limited.recursos.map(() => ACCOUNT_A));
    expect(limited.recursos.length).toBe(all.recursos.length / 2);
    expect(limited.ultima_falha?.conta).toBe(ACCOUNT_A);
  });

  it('the page offers the account selector only to a caller who may see several, and names only allowed projects', async () => {
    const all = await text(app, '/', ALL_TOKEN);
    expect(all.status).toBe(200);
    expect(all.body).toContain('id="f-conta"');
    expect(all.body).toContain('Todas as contas');
    expect(all.body).toContain(`<option value="${ACCOUNT_B}">${ACCOUNT_B}</option>`);
    const limited = await text(app, '/', LIMITED_TOKEN);
    expect(limited.status).toBe(200);
    expect(limited.body).not.toContain('id="f-conta"');
    expect(leaksB(limited.body)).toBe(false);
  });

  it('/metrics drops the series of accounts outside the grant, keeping those without an account', async () => {
    const limited = await text(app, '/metrics', LIMITED_TOKEN);
    expect(limited.status).toBe(200);
    expect(limited.body).not.toContain(ACCOUNT_B);
    expect(limited.body).toContain(`conta="${ACCOUNT_A}"`);
    expect(limited.body).toContain('process_uptime_seconds 10');
    expect((await text(app, '/metrics', ALL_TOKEN)).body).toBe(METRICS);
  });
});

describeEachDatabase('accounts: a dashboard login limited to one account', (get) => {
  beforeAll(async () => {
    await seedTwoAccounts(get().db);
  });

  it('its session reads only its account, and asking for another is a 403', async () => {
    const app = testApp(get().db, { ...TWO_ACCOUNTS_ENV, DASHBOARD_USER: `diretoria:conta=${ACCOUNT_A}`, DASHBOARD_PASSWORD: 'senha-forte-123' });
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ usuario: 'diretoria', senha: 'senha-forte-123', next: '/' }).toString(),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/=/);
    const session = { headers: { cookie } };
    const mine = await app.request('/api/dashboard', session);
    expect(mine.status).toBe(200);
    expect(leaksB(await mine.text())).toBe(false);
    const limited = await text(app, '/api/kpis', LIMITED_TOKEN);
    expect(await (await app.request('/api/kpis', session)).text()).toBe(limited.body);
    expect((await app.request(`/api/kpis?conta=${ACCOUNT_B}`, session)).status).toBe(403);
    const page = await app.request('/', session);
    expect(page.status).toBe(200);
    expect(leaksB(await page.text())).toBe(false);
  });
});

describeEachDatabase('accounts: cached answers', (get) => {
  beforeAll(async () => {
    await seedTwoAccounts(get().db);
  });

  it('an answer cached for an unlimited caller is never replayed to a limited one', async () => {
    const app = testApp(get().db, TWO_ACCOUNTS_ENV, { cacheResponses: true });
    for (const route of ['/api/sales/by-project', '/api/brokers', '/api/projects']) {
      expect(leaksB((await text(app, route, ALL_TOKEN)).body)).toBe(true);
      expect(leaksB((await text(app, route, LIMITED_TOKEN)).body), route).toBe(false);
    }
  });
});

describe('metricsForAccounts', () => {
  it('keeps comments and series without a conta label, and only the allowed accounts', () => {
    const body = 'a{conta="x"} 1\nb{le="1",conta="y"} 2\n# HELP c\nc 3';
    expect(metricsForAccounts(body, ['x'])).toBe('a{conta="x"} 1\n# HELP c\nc 3');
    expect(metricsForAccounts(body, null)).toBe(body);
  });
});
