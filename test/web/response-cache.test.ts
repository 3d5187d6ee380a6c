// The served product keeps read-API answers until a sync run ends: repeated dashboard loads cost
// no aggregate, a finished run shows new data at once, masked and full answers never mix.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { getJson, PII_TOKEN, testApp, TOKEN } from './app-setup.ts';
import { AURORA, CARLOS, insertSale, seedFixtures } from './fixtures.ts';

describeEachDatabase('response cache', (get) => {
  const env = { API_TOKENS: `${TOKEN},${PII_TOKEN}:pii` };
  const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  beforeAll(async () => {
    await seedFixtures(get().db);
  });

  it('serves the same answer until a sync run ends, then the new one', async () => {
    const app = testApp(get().db, env, { cacheResponses: true });
    const first = await getJson<{ total_vendas: number }>(app, '/api/kpis', auth(TOKEN));
    await insertSale(get().db, {
      id: 9001, project: AURORA, broker: CARLOS, time: null, cliente: 'Nova Cliente Teste', email: null, cpf: null, valor: 250000,
      financiamento: 0, fgts: 0, subsidio: 0, dataVenda: '2025-03-14', ativo: 'S', situacao: 'Vendida', dataDistrato: null, origem: null, comissoes: [],
    });
    const cached = await getJson<{ total_vendas: number }>(app, '/api/kpis', auth(TOKEN));
    expect(cached.body).toEqual(first.body);
    expect(cached.headers.get('x-cache')).toBe('hit');
    expect(cached.headers.get('cache-control')).toBe('no-store');
    await get().db.query(`insert into etl.runs (resource, mode, status, finished_at) values ('reservas', 'incremental', 'succeeded', now())`);
    await new Promise((r) => setTimeout(r, 1100)); // the version itself is read at most once a second
    const fresh = await getJson<{ total_vendas: number }>(app, '/api/kpis', auth(TOKEN));
    expect(fresh.headers.get('x-cache')).toBeNull();
    expect(fresh.body.total_vendas).toBe(first.body.total_vendas + 1);
  });

  it('keeps masked and full answers apart, and never serves an unauthenticated caller', async () => {
    const app = testApp(get().db, env, { cacheResponses: true });
    const masked = await getJson<{ vendas: { cliente: string }[] }>(app, '/api/sales?periodo=3650', auth(TOKEN));
    const full = await getJson<{ vendas: { cliente: string }[] }>(app, '/api/sales?periodo=3650', auth(PII_TOKEN));
    expect(masked.body.vendas.map((v) => v.cliente)).toContain('Maria S.');
    expect(full.body.vendas.map((v) => v.cliente)).toContain('Maria Silva Souza');
    expect((await app.request('/api/sales?periodo=3650')).status).toBe(401);
  });

  it('a cached CSV is the first answer: same status, every header, the same bytes with the BOM', async () => {
    const app = testApp(get().db, env, { cacheResponses: true });
    const read = async () => {
      const res = await app.request('/api/sales/by-project?periodo=3650&format=csv', auth(TOKEN));
      return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
    };
    const first = await read();
    const hit = await read();
    expect(hit.res.headers.get('x-cache')).toBe('hit');
    expect(hit.res.status).toBe(first.res.status);
    expect([...hit.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(hit.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(hit.res.headers.get('content-disposition')).toBe('attachment; filename="vendas-por-empreendimento.csv"');
    const perRequest = new Set(['x-cache', 'x-request-id', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-limit', 'content-length']);
    const headers = (res: Response) => {
      const out: Record<string, string> = {};
      res.headers.forEach((value, name) => { if (!perRequest.has(name)) out[name] = value; });
      return out;
    };
    expect(headers(hit.res)).toEqual(headers(first.res));
    expect(headers(first.res)['content-type']).toBe('text/csv; charset=utf-8');
    // Each answer still has its own request id and rate-limit count.
    expect(hit.res.headers.get('x-request-id')).not.toBe(first.res.headers.get('x-request-id'));
    expect(Number(hit.res.headers.get('ratelimit-remaining'))).toBe(Number(first.res.headers.get('ratelimit-remaining')) - 1);
  });

  it('the page\'s project list lives in the same cache: a new project shows when a sync run ends', async () => {
    const app = testApp(get().db, { DASHBOARD_USER: '', DASHBOARD_PASSWORD: '' }, { cacheResponses: true });
    const page = async () => (await app.request('/')).text();
    expect(await page()).toContain('Residencial Aurora');
    await get().db.query(`insert into public.empreendimentos (cvcrm_id, nome) values (77, 'Solar das Palmeiras')`);
    expect(await page()).not.toContain('Solar das Palmeiras');
    await get().db.query(`insert into etl.runs (resource, mode, status, finished_at) values ('empreendimentos', 'incremental', 'succeeded', now() + interval '1 minute')`);
    await new Promise((r) => setTimeout(r, 1100)); // the version itself is read at most once a second
    expect(await page()).toContain('Solar das Palmeiras');
  });

  it('is off unless asked for: every inserted row shows at once', async () => {
    const app = testApp(get().db, env);
    const before = await getJson<{ total_vendas: number }>(app, '/api/kpis?periodo=3650', auth(TOKEN));
    await insertSale(get().db, {
      id: 9002, project: AURORA, broker: CARLOS, time: null, cliente: 'Outra Cliente Teste', email: null, cpf: null, valor: 100000,
      financiamento: 0, fgts: 0, subsidio: 0, dataVenda: '2025-03-13', ativo: 'S', situacao: 'Vendida', dataDistrato: null, origem: null, comissoes: [],
    });
    const after = await getJson<{ total_vendas: number }>(app, '/api/kpis?periodo=3650', auth(TOKEN));
    expect(after.body.total_vendas).toBe(before.body.total_vendas + 1);
  });
});
