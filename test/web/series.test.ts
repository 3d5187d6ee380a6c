// Monthly series, growth, pró-soluto, distratos and the breakdowns (project, broker, team,
// lead origin): hand-computed figures and independent SQL over the mirror and business tables.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CARLOS, seedFixtures } from './fixtures.ts';
import { getJson, testApp } from './app-setup.ts';

type Row = Record<string, unknown>;

describeEachDatabase('web: monthly series and breakdowns', (get) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    await seedFixtures(get().db);
    app = testApp(get().db);
  });

  it('sales by month: 12 months ending this month, with the same months a year before', async () => {
    const { status, body } = await getJson<{ meses: Row[] }>(app, '/api/sales/monthly');
    expect(status).toBe(200);
    expect(body.meses.map((m) => m.mes)).toEqual([
      '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03',
    ]);
    const byMonth = Object.fromEntries(body.meses.map((m) => [m.mes, m]));
    expect(byMonth['2025-03']).toEqual({
      mes: '2025-03', vendas: 3, vgv: 1_180_000, vendas_ano_anterior: 1, vgv_ano_anterior: 600_000,
      variacao_vendas_yoy_pct: 200, variacao_vgv_yoy_pct: 96.67,
    });
    expect(byMonth['2025-02']).toMatchObject({ vendas: 2, vgv: 550_000, vendas_ano_anterior: 0, variacao_vendas_yoy_pct: null });
    expect(byMonth['2024-12']).toMatchObject({ vendas: 1, vgv: 320_000 });
    expect(byMonth['2025-01']).toMatchObject({ vendas: 0, vgv: 0 });
    const { rows } = await get().db.query<{ mes: string; n: number; v: number }>(
      `select to_char(data_venda::timestamp, 'YYYY-MM') as mes, count(*)::int as n, sum(valor) as v
       from public.vw_vendas_ativas where data_venda >= '2024-04-01' group by 1`,
    );
    for (const r of rows) expect([byMonth[r.mes]!.vendas, byMonth[r.mes]!.vgv]).toEqual([r.n, r.v]);
  });

  it('sales by month follow a long period and the project filter', async () => {
    const { body } = await getJson<{ meses: Row[] }>(app, '/api/sales/monthly?de=2023-01-01&ate=2025-03-15');
    expect(body.meses).toHaveLength(27);
    expect(body.meses[0]!.mes).toBe('2023-01');
    const parque = await getJson<{ meses: Row[] }>(app, '/api/sales/monthly?empreendimento=2');
    const total = parque.body.meses.reduce((a, m) => a + (m.vendas as number), 0);
    expect(total).toBe(3);
  });

  it('growth: this month against last month (MoM) and a year before (YoY)', async () => {
    const { body } = await getJson<Row>(app, '/api/sales/growth');
    expect(body).toEqual({
      mes_referencia: '2025-03', parcial: true,
      atual: { mes: '2025-03', vendas: 3, vgv: 1_180_000 },
      mes_anterior: { mes: '2025-02', vendas: 2, vgv: 550_000 },
      ano_anterior: { mes: '2024-03', vendas: 1, vgv: 600_000 },
      mom: { vendas_pct: 50, vgv_pct: 114.55 },
      yoy: { vendas_pct: 200, vgv_pct: 96.67 },
    });
    const feb = await getJson<Row>(app, '/api/sales/growth?de=2025-02-01&ate=2025-02-28');
    expect(feb.body).toMatchObject({ mes_referencia: '2025-02', parcial: false, mom: { vendas_pct: null, vgv_pct: null } });
  });

  it('pró-soluto by month: sum of vendas.pro_soluto and its share of VGV, as the mirror says', async () => {
    const { body } = await getJson<{ meses: Row[]; total: Row }>(app, '/api/pro-soluto');
    const byMonth = Object.fromEntries(body.meses.map((m) => [m.mes, m]));
    expect(byMonth['2025-03']).toEqual({ mes: '2025-03', vendas: 3, vgv: 1_180_000, pro_soluto: 270_000, participacao_pct: 22.88 });
    expect(byMonth['2025-02']).toEqual({ mes: '2025-02', vendas: 2, vgv: 550_000, pro_soluto: 110_000, participacao_pct: 20 });
    expect(byMonth['2024-12']).toMatchObject({ pro_soluto: 70_000, participacao_pct: 21.88 });
    expect(byMonth['2025-01']).toMatchObject({ pro_soluto: 0, participacao_pct: null });
    expect(body.total).toEqual({ vgv: 2_050_000, pro_soluto: 450_000, participacao_pct: 21.95 });
    const { rows } = await get().db.query<{ mes: string; ps: number }>(
      `select to_char(r.data_venda, 'YYYY-MM') as mes,
         sum(r.valor_contrato - coalesce(r.valor_financiamento, 0) - coalesce(r.valor_fgts, 0) - coalesce(r.valor_subsidio, 0)) as ps
       from cvdw.reservas r
       where r.ativo = 'S' and r.data_venda >= '2024-04-01' and r.valor_contrato > 0 and r.situacao <> 'Distrato'
       group by 1`,
    );
    for (const r of rows) expect(byMonth[r.mes]!.pro_soluto).toBe(r.ps);
  });

  it('distratos by month of the distrato, as cvdw.distratos says', async () => {
    const { body } = await getJson<{ meses: Row[] }>(app, '/api/distratos');
    const nonZero = body.meses.filter((m) => (m.distratos as number) > 0);
    expect(nonZero).toEqual([
      { mes: '2025-02', distratos: 1, valor: 350_000 },
      { mes: '2025-03', distratos: 1, valor: 310_000 },
    ]);
    const { rows } = await get().db.query<{ mes: string; n: number; v: number }>(
      `select to_char(situacao_data, 'YYYY-MM') as mes, count(*)::int as n, sum(valor_contrato) as v from cvdw.distratos group by 1 order by 1`,
    );
    expect(rows.map((r) => ({ mes: r.mes, distratos: r.n, valor: r.v }))).toEqual(nonZero);
  });

  it('sales by project, as the mirror says', async () => {
    const { body } = await getJson<{ empreendimentos: Row[] }>(app, '/api/sales/by-project');
    expect(body.empreendimentos).toEqual([
      { empreendimento_id: 1, empreendimento: 'Residencial Aurora', vendas: 4, vgv: 1_780_000, ticket_medio: 445_000, comissao: 63_400 },
      { empreendimento_id: 2, empreendimento: 'Vista do Parque', vendas: 3, vgv: 870_000, ticket_medio: 290_000, comissao: 26_100 },
    ]);
    const { rows } = await get().db.query<{ e: string; n: number; v: number }>(
      `select empreendimento as e, count(*)::int as n, sum(valor_contrato) as v from cvdw.reservas
       where ativo = 'S' and data_venda is not null and valor_contrato > 0 and situacao <> 'Distrato' group by 1`,
    );
    for (const r of rows) expect(body.empreendimentos.find((x) => x.empreendimento === r.e)).toMatchObject({ vendas: r.n, vgv: r.v });
  });

  it('broker ranking: a split commission goes to each broker that receives it', async () => {
    const { body } = await getJson<{ corretores: Row[] }>(app, '/api/brokers');
    expect(body.corretores).toEqual([
      { posicao: 1, corretor: 'Carlos Lima', vendas: 3, vgv: 1_400_000, comissao: 42_000 },
      { posicao: 2, corretor: 'Ana Prado', vendas: 2, vgv: 720_000, comissao: 31_600 },
      { posicao: 3, corretor: 'Bruno Alves', vendas: 2, vgv: 530_000, comissao: 15_900 },
    ]);
    const kpis = await getJson<{ comissao_total: number }>(app, '/api/kpis');
    expect(body.corretores.reduce((a, r) => a + (r.comissao as number), 0)).toBe(kpis.body.comissao_total);
    const { rows } = await get().db.query<{ corretor: string; comissao: number }>(
      `select k.corretor, sum(k.valor_comissao) as comissao
       from cvdw.comissoes k join cvdw.reservas r on r.idreserva = k.idreserva
       where k.ativo = 'S' and k.deleted_at is null
         and r.ativo = 'S' and r.data_venda is not null and r.valor_contrato > 0 and r.situacao <> 'Distrato'
       group by k.corretor`,
    );
    for (const r of rows) expect(body.corretores.find((c) => c.corretor === r.corretor)!.comissao).toBe(r.comissao);
  });

  it('broker ranking by period, by broker and with a limit', async () => {
    const recent = await getJson<{ corretores: Row[] }>(app, '/api/brokers?periodo=30');
    expect(recent.body.corretores.map((r) => [r.corretor, r.vendas, r.vgv, r.comissao])).toEqual([
      ['Carlos Lima', 2, 800_000, 24_000], ['Ana Prado', 1, 400_000, 22_000], ['Bruno Alves', 1, 280_000, 8_400],
    ]);
    const carlos = await getJson<{ corretores: Row[] }>(app, `/api/brokers?corretor=${encodeURIComponent(CARLOS.nome)}`);
    expect(carlos.body.corretores.map((r) => [r.corretor, r.vendas, r.comissao])).toEqual([['Carlos Lima', 3, 42_000], ['Ana Prado', 0, 10_000]]);
    const top = await getJson<{ corretores: Row[] }>(app, '/api/brokers?limit=1');
    expect(top.body.corretores).toHaveLength(1);
  });

  it('sales by team and by lead origin', async () => {
    const teams = await getJson<{ times: Row[] }>(app, '/api/teams');
    expect(teams.body.times).toEqual([
      { time: 'Time Azul', vendas: 3, vgv: 1_400_000, comissao: 52_000 },
      { time: 'Time Verde', vendas: 3, vgv: 1_000_000, comissao: 30_000 },
      { time: 'Sem time', vendas: 1, vgv: 250_000, comissao: 7_500 },
    ]);
    const byTeam = await get().db.query<{ t: string | null; n: number; v: number }>(
      `select nome_time as t, count(*)::int as n, sum(valor_contrato) as v from cvdw.reservas
       where ativo = 'S' and data_venda is not null and valor_contrato > 0 and situacao <> 'Distrato' group by 1`,
    );
    for (const r of byTeam.rows) expect(teams.body.times.find((x) => x.time === (r.t ?? 'Sem time'))).toMatchObject({ vendas: r.n, vgv: r.v });
    const sources = await getJson<{ origens: Row[] }>(app, '/api/lead-sources');
    expect(sources.body.origens).toEqual([
      { origem: 'Instagram', vendas: 2, vgv: 800_000, participacao_pct: 28.57 },
      { origem: 'Google', vendas: 2, vgv: 720_000, participacao_pct: 28.57 },
      { origem: 'Indicação', vendas: 1, vgv: 600_000, participacao_pct: 14.29 },
      { origem: 'Stand', vendas: 1, vgv: 280_000, participacao_pct: 14.29 },
      { origem: 'Não informado', vendas: 1, vgv: 250_000, participacao_pct: 14.29 },
    ]);
    const { rows } = await get().db.query<{ midia: string | null; n: number }>(
      `select midia, count(*)::int as n from cvdw.reservas
       where ativo = 'S' and data_venda is not null and valor_contrato > 0 and situacao <> 'Distrato' group by midia`,
    );
    for (const r of rows) expect(sources.body.origens.find((o) => o.origem === (r.midia ?? 'Não informado'))!.vendas).toBe(r.n);
  });
});
