// Every CSV answer has its header row, also when there is nothing to list (an empty database, a
// filter that matches nothing).
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { testApp } from './app-setup.ts';
import { seedFixtures } from './fixtures.ts';

/** The API routes that answer format=csv (the others answer 400 to it). */
function csvRoutes(app: ReturnType<typeof testApp>): string[] {
  return [...new Set(app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/') && !r.path.includes(':')).map((r) => r.path))];
}

async function csvLines(app: ReturnType<typeof testApp>, path: string): Promise<{ status: number; csv: boolean; lines: string[] }> {
  const res = await app.request(path);
  // Response.text() would drop the byte-order mark this test wants to see.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, csv: res.headers.get('content-type')?.startsWith('text/csv') === true, lines: text.split('\r\n') };
}

describeEachDatabase('CSV: an empty answer keeps its header row', (get) => {
  it('on a database with no data, every CSV route answers a header row', async () => {
    const app = testApp(get().db);
    let answered = 0;
    for (const route of csvRoutes(app)) {
      const { status, csv, lines } = await csvLines(app, `${route}?format=csv`);
      if (status === 400 || route === '/api/openapi.json') continue;
      answered += 1;
      expect(status, route).toBe(200);
      expect(csv, route).toBe(true);
      expect(lines[0], route).toMatch(/^\uFEFF[a-z_]+(;[a-z_]+)+$/);
    }
    expect(answered).toBeGreaterThanOrEqual(12);
  });

  describe('with data, a filter that matches nothing', () => {
    beforeAll(async () => {
      await seedFixtures(get().db);
    });
    it('still names the columns', async () => {
      const app = testApp(get().db);
      const expected: Record<string, string> = {
        '/api/sales/by-project': 'empreendimento_id;empreendimento;vendas;vgv;ticket_medio;comissao',
        '/api/brokers': 'posicao;corretor;vendas;vgv;comissao',
        '/api/teams': 'time;vendas;vgv;comissao',
        '/api/lead-sources': 'origem;vendas;vgv;participacao_pct',
      };
      for (const [route, header] of Object.entries(expected)) {
        const { status, lines } = await csvLines(app, `${route}?format=csv&empreendimento=Nenhum%20Assim`);
        expect(status, route).toBe(200);
        expect(lines, route).toEqual([`\uFEFF${header}`, '']);
        const full = await csvLines(app, `${route}?format=csv&periodo=3650`);
        expect(full.lines[0], route).toBe(`\uFEFF${header}`);
        expect(full.lines.length, route).toBeGreaterThan(2);
      }
      const inventory = await csvLines(app, '/api/inventory?format=csv&empreendimento=Nenhum%20Assim');
      expect(inventory.lines[0]).toBe('\uFEFFempreendimento_id;empreendimento;disponivel;reservada;em_reserva;vendida;bloqueada;outros;total;vgv_disponivel;vgv_tabela');
    });
  });
});
