// /api/dashboard, which the page reads, says exactly what the individual routes say.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { FIXED_NOW, TODAY, seedFixtures } from './fixtures.ts';
import { getJson, testApp } from './app-setup.ts';

type Row = Record<string, unknown>;

const SECTIONS: readonly [string, string, string?][] = [
  ['resumo', '/api/summary'],
  ['mensal', '/api/sales/monthly'],
  ['crescimento', '/api/sales/growth'],
  ['empreendimentos', '/api/sales/by-project'],
  ['corretores', '/api/brokers', 'limit=10'],
  ['times', '/api/teams'],
  ['origens', '/api/lead-sources'],
  ['vso', '/api/vso'],
  ['pro_soluto', '/api/pro-soluto'],
  ['distratos', '/api/distratos'],
  ['vendas', '/api/sales', 'limit=15'],
  ['sincronizacao', '/api/sync-status'],
];

describeEachDatabase('web: the dashboard answer', (get) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    await seedFixtures(get().db);
    app = testApp(get().db);
  });

  for (const filters of ['', 'periodo=30', 'periodo=365&empreendimento=1', 'de=2025-02-01&ate=2025-02-28']) {
    it(`matches the individual routes (${filters || 'no filter'})`, async () => {
      const { status, body } = await getJson<Row>(app, `/api/dashboard?${filters}`);
      expect(status).toBe(200);
      for (const [key, path, extra] of SECTIONS) {
        const own = path === '/api/sync-status' ? '' : [filters, extra].filter(Boolean).join('&');
        const single = await getJson(app, `${path}?${own}`);
        expect(body[key], key).toEqual(single.body);
      }
      const project = new URLSearchParams(filters).get('empreendimento');
      const inventory = await getJson(app, `/api/inventory${project ? `?empreendimento=${project}` : ''}`);
      expect(body.estoque).toEqual(inventory.body);
    });
  }

  it("carries the server's date and time, which the page takes as today", async () => {
    const { body } = await getJson<Row>(app, '/api/dashboard');
    expect(body).toMatchObject({ hoje: TODAY, agora: FIXED_NOW.toISOString() });
  });

  it('refuses parameters it does not take', async () => {
    expect((await app.request('/api/dashboard?corretor=Ana')).status).toBe(400);
    expect((await app.request('/api/dashboard?format=csv')).status).toBe(400);
  });
});
