// Inventory, VSO (snapshot and reconstructed stock), the dashboard cards, sync state, the
// project list and the page itself, over the fixture rows.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { FLORES, seedFixtures } from './fixtures.ts';
import { getJson, testApp } from './app-setup.ts';

type Row = Record<string, unknown>;

describeEachDatabase('web: inventory, VSO and cards', (get) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    await seedFixtures(get().db);
    app = testApp(get().db);
  });

  it('inventory by project and unit state, as cvdw.unidades says', async () => {
    const { body } = await getJson<{ empreendimentos: Row[]; totais: Row }>(app, '/api/inventory');
    expect(body.empreendimentos).toEqual([
      { empreendimento_id: 3, empreendimento: FLORES.nome, disponivel: 4, reservada: 0, em_reserva: 0, vendida: 0, bloqueada: 0, outros: 0, total: 4, vgv_disponivel: 1_000_000, vgv_tabela: 1_000_000 },
      { empreendimento_id: 1, empreendimento: 'Residencial Aurora', disponivel: 4, reservada: 1, em_reserva: 1, vendida: 3, bloqueada: 1, outros: 0, total: 10, vgv_disponivel: 1_600_000, vgv_tabela: 4_360_000 },
      { empreendimento_id: 2, empreendimento: 'Vista do Parque', disponivel: 3, reservada: 0, em_reserva: 0, vendida: 3, bloqueada: 0, outros: 0, total: 6, vgv_disponivel: 900_000, vgv_tabela: 1_770_000 },
    ]);
    expect(body.totais).toEqual({ disponivel: 11, reservada: 1, em_reserva: 1, vendida: 6, bloqueada: 1, outros: 0, total: 20, vgv_disponivel: 3_500_000 });
    const { rows } = await get().db.query<{ id: number; s: number; n: number }>(
      `select idempreendimento as id, situacao_mapa_disponibilidade as s, count(*)::int as n from cvdw.unidades group by 1, 2`,
    );
    const key = ['', 'disponivel', 'reservada', 'vendida', 'bloqueada', 'em_reserva'];
    for (const r of rows) expect(body.empreendimentos.find((e) => e.empreendimento_id === r.id)![key[r.s]!]).toBe(r.n);
    const one = await getJson<{ empreendimentos: Row[] }>(app, `/api/inventory?empreendimento=${encodeURIComponent(FLORES.nome)}`);
    expect(one.body.empreendimentos).toHaveLength(1);
  });

  it('VSO per month: snapshot stock in March (with launched units), reconstructed before', async () => {
    const { body } = await getJson<{ meses: Row[]; por_empreendimento: Row[] }>(app, '/api/vso');
    const month = (m: string) => body.meses.find((x) => x.mes === m);
    expect(month('2025-03')).toEqual({
      mes: '2025-03', vendas: 3, distratos: 1, vendas_liquidas: 2, estoque_inicio: 11, lancadas: 2, oferta: 13, vso_pct: 15.38, fonte_estoque: 'snapshot',
    });
    expect(month('2025-02')).toEqual({
      mes: '2025-02', vendas: 3, distratos: 1, vendas_liquidas: 2, estoque_inicio: 17, lancadas: 0, oferta: 17, vso_pct: 11.76, fonte_estoque: 'reconstruido',
    });
    expect(month('2025-01')).toMatchObject({ vendas_liquidas: 1, oferta: 18, vso_pct: 5.56 });
    expect(month('2024-12')).toMatchObject({ vendas_liquidas: 1, oferta: 19, vso_pct: 5.26 });
    const march = body.por_empreendimento.filter((r) => r.mes === '2025-03').map((r) => [r.empreendimento_id, r.vendas_liquidas, r.estoque_inicio, r.lancadas, r.vso_pct]);
    expect(march).toEqual([[3, 0, 2, 2, 0], [1, 3, 6, 0, 50], [2, -1, 3, 0, -33.33]]);
    const feb = body.por_empreendimento.filter((r) => r.mes === '2025-02').map((r) => [r.empreendimento_id, r.vendas_liquidas, r.estoque_inicio, r.vso_pct]);
    expect(feb).toEqual([[3, 0, 4, 0], [1, -1, 8, -12.5], [2, 3, 5, 60]]);
  });

  it('VSO reconstruction agrees with the mirror: units − signed sales + distratos before the day', async () => {
    const { rows } = await get().db.query<{ id: number; estoque: number }>(
      `select u.idempreendimento as id,
         (count(*) - (select count(*) from cvdw.reservas r where r.idempreendimento = u.idempreendimento and r.ativo = 'S'
                        and r.valor_contrato > 0 and r.data_venda < '2025-02-01')
                   + (select count(*) from cvdw.distratos d where d.idempreendimento = u.idempreendimento and d.situacao_data < '2025-02-01'))::int as estoque
       from cvdw.unidades u group by u.idempreendimento`,
    );
    const { body } = await getJson<{ por_empreendimento: Row[] }>(app, '/api/vso?de=2025-02-01&ate=2025-02-28');
    for (const r of rows) {
      expect(body.por_empreendimento.find((x) => x.mes === '2025-02' && x.empreendimento_id === r.id)!.estoque_inicio).toBe(r.estoque);
    }
  });

  it('cards for the last 30 days against the 30 days before', async () => {
    const { status, body } = await getJson<Row>(app, '/api/summary?periodo=30');
    expect(status).toBe(200);
    expect(body).toEqual({
      periodo: { de: '2025-02-14', ate: '2025-03-15', descricao: 'últimos 30 dias' },
      anterior: { de: '2025-01-15', ate: '2025-02-13' },
      vendas: { indicador: 'vendas', valor: 4, anterior: 1, variacao_pct: 300 },
      vgv: { indicador: 'vgv', valor: 1_480_000, anterior: 250_000, variacao_pct: 492 },
      ticket_medio: { indicador: 'ticket_medio', valor: 370_000, anterior: 250_000, variacao_pct: 48 },
      comissao: { indicador: 'comissao', valor: 54_400, anterior: 7_500, variacao_pct: 625.33 },
      vso: {
        indicador: 'vso', valor: 23.53, anterior: 5.56, variacao_pp: 17.97, vendas_liquidas: 4, oferta: 17,
        fonte_estoque: 'reconstruido', anterior_fonte_estoque: 'reconstruido',
      },
      pro_soluto: { indicador: 'pro_soluto', valor: 22.3, anterior: 20, variacao_pp: 2.3, valor_reais: 330_000, anterior_reais: 50_000 },
      distratos: { indicador: 'distratos', valor: 1, anterior: 1, variacao_pct: 0, valor_reais: 310_000, anterior_reais: 350_000 },
      estoque_disponivel: { indicador: 'estoque_disponivel', valor: 11, anterior: 17, variacao_pct: -35.29, fonte: 'atual', anterior_fonte: 'reconstruido' },
    });
    const kpis = await getJson<Row>(app, '/api/kpis?periodo=30');
    expect([kpis.body.total_vendas, kpis.body.valor_total, kpis.body.ticket_medio, kpis.body.comissao_total])
      .toEqual([4, 1_480_000, 370_000, 54_400]);
  });

  it('cards for March so far use the 1 March snapshot', async () => {
    const { body } = await getJson<Row>(app, '/api/summary?de=2025-03-01&ate=2025-03-15');
    expect(body.anterior).toEqual({ de: '2025-02-14', ate: '2025-02-28' });
    expect(body.vendas).toMatchObject({ valor: 3, anterior: 1 });
    expect(body.vso).toMatchObject({ valor: 15.38, anterior: 11.76, fonte_estoque: 'snapshot', anterior_fonte_estoque: 'reconstruido', oferta: 13 });
    expect(body.estoque_disponivel).toMatchObject({ valor: 11, anterior: 11, variacao_pct: 0, fonte: 'atual', anterior_fonte: 'snapshot' });
    const past = await getJson<Row>(app, '/api/summary?de=2025-02-01&ate=2025-02-28');
    expect(past.body.estoque_disponivel).toMatchObject({ valor: 11, fonte: 'snapshot', anterior: 17, anterior_fonte: 'reconstruido' });
    const allTime = await getJson<Row>(app, '/api/summary');
    expect(allTime.body.anterior).toBeNull();
    expect(allTime.body.vendas).toMatchObject({ valor: 7, anterior: null, variacao_pct: null });
    expect(allTime.body.vso).toMatchObject({ valor: null });
  });

  it('sync state per resource, the overall state and the last success', async () => {
    const { body } = await getJson<{ estado: string; ultima_sincronizacao: string; ultima_falha: Row | null; recursos: Row[] }>(app, '/api/sync-status');
    expect(body.estado).toBe('falha');
    expect(body.ultima_sincronizacao).toBe('2025-03-15T12:00:00.000Z');
    expect(body.ultima_falha).toMatchObject({ recurso: 'comissoes', tipo: 'api_inacessivel', quando: '2025-03-15T12:01:00.000Z', detalhe: 'CVDW answered 503 three times.' });
    expect(body.recursos.map((r) => [r.recurso, r.falhas_consecutivas, (r.ultima_execucao as Row).status])).toEqual([
      ['comissoes', 1, 'failed'], ['reservas', 0, 'succeeded'],
    ]);
  });

  it('projects for the filter, and the page writes them escaped', async () => {
    const { body } = await getJson<{ empreendimentos: Row[] }>(app, '/api/projects');
    expect(body.empreendimentos).toEqual([{ id: 3, nome: FLORES.nome }, { id: 1, nome: 'Residencial Aurora' }, { id: 2, nome: 'Vista do Parque' }]);
    const page = await app.request('/');
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<option value="3">Jardim &lt;Flores&gt; &amp; &quot;Cia&quot;</option>');
    expect(text).not.toContain('<Flores>');
    expect(text).toContain('data-hoje="2025-03-15"');
    expect(text).toContain('class="badge-demo"');
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
