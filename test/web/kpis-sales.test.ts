// /api/kpis and /api/sales against hand-computed figures and against independent SQL over the
// business view (vw_kpis_vendas) and the mirror (cvdw.reservas, cvdw.comissoes).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { AURORA, CARLOS, PARQUE, seedFixtures } from './fixtures.ts';
import { getJson, testApp } from './app-setup.ts';

interface Kpis {
  total_vendas: number; valor_total: number; ticket_medio: number; comissao_total: number; total_corretores: number; total_empreendimentos: number;
}
interface Sales {
  vendas: { cvcrm_id: number; cliente: string; corretor: string; empreendimento: string; valor: number; data_venda: string; comissao_valor: number }[];
  total: number;
  periodo: string;
}

describeEachDatabase('web: kpis and sales', (get) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    await seedFixtures(get().db);
    app = testApp(get().db);
  });

  it('all time: the same figures as vw_kpis_vendas, and the hand-computed ones', async () => {
    const { status, body } = await getJson<Kpis>(app, '/api/kpis');
    expect(status).toBe(200);
    const { rows } = await get().db.query<Kpis>('select * from public.vw_kpis_vendas');
    expect(body).toEqual(rows[0]);
    expect(body).toEqual({
      total_vendas: 7, valor_total: 2_650_000, ticket_medio: 378_571.43, comissao_total: 89_500,
      total_corretores: 3, total_empreendimentos: 2,
    });
    expect(Object.keys(body)).toEqual(['total_vendas', 'valor_total', 'ticket_medio', 'comissao_total', 'total_corretores', 'total_empreendimentos']);
  });

  it('all time: commission equals the active, undeleted mirror commissions of counted mirror reservations', async () => {
    const { body } = await getJson<Kpis>(app, '/api/kpis');
    const { rows } = await get().db.query<{ total: number; comissao: number; valor: number }>(
      `select count(distinct r.idreserva)::int as total,
         (select sum(k.valor_comissao) from cvdw.comissoes k join cvdw.reservas r2 on r2.idreserva = k.idreserva
          where k.ativo = 'S' and k.deleted_at is null and r2.ativo = 'S' and r2.data_venda is not null
            and r2.valor_contrato > 0 and r2.situacao <> 'Distrato') as comissao,
         sum(r.valor_contrato) as valor
       from cvdw.reservas r
       where r.ativo = 'S' and r.data_venda is not null and r.valor_contrato > 0 and r.situacao <> 'Distrato'`,
    );
    expect(body.total_vendas).toBe(rows[0]!.total);
    expect(body.comissao_total).toBe(rows[0]!.comissao);
    expect(body.valor_total).toBe(rows[0]!.valor);
  });

  it('periodo=30 counts the last 30 days including today (14/02 to 15/03)', async () => {
    const { body } = await getJson<Kpis>(app, '/api/kpis?periodo=30');
    expect(body).toEqual({
      total_vendas: 4, valor_total: 1_480_000, ticket_medio: 370_000, comissao_total: 54_400,
      total_corretores: 3, total_empreendimentos: 2,
    });
    const { rows } = await get().db.query<{ n: number; v: number }>(
      `select count(*)::int as n, sum(valor) as v from public.vw_vendas_ativas where data_venda between '2025-02-14' and '2025-03-15'`,
    );
    expect([body.total_vendas, body.valor_total]).toEqual([rows[0]!.n, rows[0]!.v]);
  });

  it('filters by project name or id, broker name or id, and dates', async () => {
    const byName = await getJson<Kpis>(app, `/api/kpis?empreendimento=${encodeURIComponent(AURORA.nome)}`);
    const byId = await getJson<Kpis>(app, `/api/kpis?empreendimento=${AURORA.id}`);
    expect(byName.body).toEqual(byId.body);
    expect(byName.body.total_vendas).toBe(4);
    expect(byName.body.valor_total).toBe(1_780_000);
    const broker = await getJson<Kpis>(app, `/api/kpis?corretor=${encodeURIComponent(CARLOS.nome)}`);
    const brokerId = await getJson<Kpis>(app, `/api/kpis?corretor=${CARLOS.id}`);
    expect(broker.body).toEqual(brokerId.body);
    expect([broker.body.total_vendas, broker.body.valor_total, broker.body.comissao_total]).toEqual([3, 1_400_000, 52_000]);
    const feb = await getJson<Kpis>(app, `/api/kpis?de=2025-02-01&ate=2025-02-28&empreendimento=${PARQUE.id}`);
    expect([feb.body.total_vendas, feb.body.valor_total]).toEqual([2, 550_000]);
    const none = await getJson<Kpis>(app, '/api/kpis?empreendimento=Nada%20Aqui');
    expect(none.body).toEqual({ total_vendas: 0, valor_total: 0, ticket_medio: 0, comissao_total: 0, total_corretores: 0, total_empreendimentos: 0 });
  });

  it('"today" is the date in São Paulo, not UTC', async () => {
    // 02:30 UTC on 16 March is still 15 March in São Paulo.
    const late = testApp(get().db, {}, { now: () => new Date('2025-03-16T02:30:00Z') });
    const { body } = await getJson<Kpis>(late, '/api/kpis?periodo=1');
    expect(body.total_vendas).toBe(0);
    const { body: two } = await getJson<Kpis>(late, '/api/kpis?periodo=2');
    expect(two.total_vendas).toBe(1); // sale 110 on 14 March
  });

  it('/api/sales: the contract shape, newest first, masked clients, the period label', async () => {
    const { status, body } = await getJson<Sales>(app, '/api/sales?periodo=30');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['vendas', 'total', 'periodo']);
    expect(body.periodo).toBe('últimos 30 dias');
    expect(body.total).toBe(4);
    expect(body.vendas.map((v) => v.cvcrm_id)).toEqual([110, 101, 102, 103]);
    expect(body.vendas[1]).toEqual({
      cvcrm_id: 101, cliente: 'Maria S.', corretor: 'Carlos Lima', empreendimento: 'Residencial Aurora',
      valor: 500_000, data_venda: '2025-03-10', comissao_valor: 25_000,
    });
  });

  it('/api/sales pages with limit/offset and keeps the total', async () => {
    const first = await getJson<Sales>(app, '/api/sales?limit=3');
    const second = await getJson<Sales>(app, '/api/sales?limit=3&offset=3');
    const last = await getJson<Sales>(app, '/api/sales?limit=3&offset=6');
    expect([first.body.total, second.body.total, last.body.total]).toEqual([7, 7, 7]);
    const ids = [...first.body.vendas, ...second.body.vendas, ...last.body.vendas].map((v) => v.cvcrm_id);
    expect(ids).toEqual([110, 101, 102, 103, 104, 109, 108]);
    expect(first.body.periodo).toBe('todo o período');
    const custom = await getJson<Sales>(app, '/api/sales?de=2025-02-01&ate=2025-02-28');
    expect(custom.body.periodo).toBe('de 01/02/2025 a 28/02/2025');
  });

  it('format=csv: BOM, semicolons, decimal commas, masked data, formula cells neutralised', async () => {
    const res = await app.request('/api/sales?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('vendas.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // the decoder drops the BOM
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('cvcrm_id;data_venda;cliente;cliente_email;cliente_documento;corretor;time_corretor;empreendimento;unidade;valor;comissao_valor;pro_soluto;origem_lead');
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.startsWith('101;'))).toBe('101;2025-03-10;Maria S.;m***@e***.com;***.456.789-**;Carlos Lima;Time Azul;Residencial Aurora;A-101;500000;25000;130000;Instagram');
    // "=cmd|' /C calc'!A0 Nunes" masked is "=cmd|' N.", and starts with = : prefixed with '
    expect(lines.find((l) => l.startsWith('109;'))).toContain(";'=cmd|' N.;r***@d***.com.br;***.654.321-**;");
    const kpis = await app.request('/api/kpis?periodo=30&format=csv');
    const kText = (await kpis.text()).replace(/^\uFEFF/, '');
    expect(kText).toBe('total_vendas;valor_total;ticket_medio;comissao_total;total_corretores;total_empreendimentos\r\n4;1480000;370000;54400;3;2\r\n');
  });

  it('decimal values use a comma in CSV', async () => {
    const res = await app.request('/api/kpis?format=csv');
    expect(await res.text()).toContain('7;2650000;378571,43;89500;3;2');
  });
});
