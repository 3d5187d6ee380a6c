// Every route's figures, recomputed straight from the SQL definitions (vw_vendas_ativas,
// vw_vendas_assinadas, unidade_status, ticket_medio) on the same data: the routes must say what
// the definitions say, whatever code sits between them.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { seedFixtures } from './fixtures.ts';
import { getJson, testApp } from './app-setup.ts';

type Row = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly de: string;
  readonly ate: string;
  readonly project: number | null;
  readonly broker: string | null;
}

const CASES: readonly Case[] = [
  { name: 'everything', de: '2024-01-01', ate: '2025-03-15', project: null, broker: null },
  { name: 'one project, two months', de: '2025-02-01', ate: '2025-03-15', project: 1, broker: null },
  { name: 'one broker', de: '2024-01-01', ate: '2025-03-15', project: null, broker: 'Carlos Lima' },
];

const query = (c: Case, withBroker = true) => new URLSearchParams({
  de: c.de, ate: c.ate,
  ...(c.project === null ? {} : { empreendimento: String(c.project) }),
  ...(withBroker && c.broker !== null ? { corretor: c.broker } : {}),
}).toString();

/** $1 de, $2 ate, $3 project, $4 broker: the route filters in SQL. */
const WHO = `($3::bigint is null or v.empreendimento_id = $3::bigint) and ($4::text is null or v.corretor = $4::text)`;
const SOLD_IN = `v.data_venda between $1::date and $2::date and ${WHO}`;

describeEachDatabase('web: every route agrees with the SQL definitions', (get) => {
  let app: ReturnType<typeof testApp>;
  const sql = async <T = Row>(text: string, c: Case, withBroker = true): Promise<T[]> =>
    (await get().db.query<T>(text, [c.de, c.ate, c.project, withBroker ? c.broker : null])).rows;

  beforeAll(async () => {
    await seedFixtures(get().db);
    app = testApp(get().db);
  });

  for (const c of CASES) {
    it(`/api/kpis, /api/sales and the breakdowns (${c.name})`, async () => {
      const [kpis] = await sql(
        `select count(*)::int as total_vendas, coalesce(sum(v.valor), 0)::numeric(18, 2) as valor_total,
           coalesce(public.ticket_medio(sum(v.valor), count(*)), 0)::numeric(18, 2) as ticket_medio,
           coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao_total,
           count(distinct v.corretor)::int as total_corretores, count(distinct v.empreendimento)::int as total_empreendimentos
         from public.vw_vendas_ativas v where ${SOLD_IN}`, c);
      expect((await getJson(app, `/api/kpis?${query(c)}`)).body).toEqual(kpis);

      const ids = await sql<{ id: number }>(`select v.cvcrm_id as id from public.vw_vendas_ativas v where ${SOLD_IN} order by v.data_venda desc, v.cvcrm_id desc`, c);
      const sales = (await getJson<{ vendas: { cvcrm_id: number }[]; total: number }>(app, `/api/sales?${query(c)}&limit=100`)).body;
      expect(sales.vendas.map((s) => s.cvcrm_id)).toEqual(ids.map((r) => r.id));
      expect(sales.total).toBe(ids.length);

      const projects = await sql(
        `select v.empreendimento, count(*)::int as vendas, sum(v.valor)::numeric(18, 2) as vgv,
           public.ticket_medio(sum(v.valor), count(*))::numeric(18, 2) as ticket_medio, sum(v.comissao_valor)::numeric(18, 2) as comissao
         from public.vw_vendas_ativas v where ${SOLD_IN} group by 1 order by 1`, c);
      const byProject = (await getJson<{ empreendimentos: Row[] }>(app, `/api/sales/by-project?${query(c)}`)).body.empreendimentos;
      expect(byProject.map(({ empreendimento_id: _, ...r }) => r).sort(byKey('empreendimento'))).toEqual(projects);

      const brokers = await sql(
        `select v.corretor, count(*)::int as vendas, sum(v.valor)::numeric(18, 2) as vgv
         from public.vw_vendas_ativas v where ${SOLD_IN} group by 1 order by 1`, c);
      const ranking = (await getJson<{ corretores: Row[] }>(app, `/api/brokers?${query(c)}`)).body.corretores;
      // A broker who only receives commission on another broker's sale is ranked with no sales.
      expect(ranking.filter((r) => r.vendas !== 0).map((r) => ({ corretor: r.corretor, vendas: r.vendas, vgv: r.vgv })).sort(byKey('corretor'))).toEqual(brokers);

      const teams = await sql(
        `select coalesce(nullif(trim(v.time_corretor), ''), 'Sem time') as "time", count(*)::int as vendas,
           sum(v.valor)::numeric(18, 2) as vgv, sum(v.comissao_valor)::numeric(18, 2) as comissao
         from public.vw_vendas_ativas v where ${SOLD_IN} group by 1 order by 1`, c);
      expect((await getJson<{ times: Row[] }>(app, `/api/teams?${query(c)}`)).body.times.sort(byKey('time'))).toEqual(teams);

      const sources = await sql(
        `select coalesce(nullif(trim(v.origem_lead), ''), 'Não informado') as origem, count(*)::int as vendas, sum(v.valor)::numeric(18, 2) as vgv
         from public.vw_vendas_ativas v where ${SOLD_IN} group by 1 order by 1`, c);
      const origins = (await getJson<{ origens: Row[] }>(app, `/api/lead-sources?${query(c)}`)).body.origens;
      expect(origins.map(({ participacao_pct: _, ...r }) => r).sort(byKey('origem'))).toEqual(sources);
    });

    it(`the monthly series: sales, pró-soluto, distratos, VSO (${c.name})`, async () => {
      // A series shows at least twelve whole months: compare over the months the route shows.
      const monthly = (await getJson<{ meses: Row[] }>(app, `/api/sales/monthly?${query(c)}`)).body.meses;
      const shown: Case = { ...c, de: `${String(monthly[0]?.mes)}-01` };
      const months = await sql<{ mes: string; vendas: number; vgv: number; pro_soluto: number }>(
        `select to_char(v.data_venda::timestamp, 'YYYY-MM') as mes, count(*)::int as vendas,
           sum(v.valor)::numeric(18, 2) as vgv, sum(v.pro_soluto)::numeric(18, 2) as pro_soluto
         from public.vw_vendas_ativas v where ${SOLD_IN} group by 1 order by 1`, shown);
      expect(monthly.filter((m) => m.vendas !== 0).map((m) => ({ mes: m.mes, vendas: m.vendas, vgv: m.vgv })))
        .toEqual(months.map(({ pro_soluto: _, ...m }) => m));
      const proSoluto = (await getJson<{ meses: Row[] }>(app, `/api/pro-soluto?${query(c)}`)).body.meses;
      expect(proSoluto.filter((m) => m.vendas !== 0).map(({ participacao_pct: _, ...m }) => m)).toEqual(months);

      const distratos = await sql(
        `select to_char(v.data_distrato::timestamp, 'YYYY-MM') as mes, count(*)::int as distratos, sum(v.valor)::numeric(18, 2) as valor
         from public.vw_vendas_assinadas v where v.data_distrato between $1::date and $2::date and ${WHO} group by 1 order by 1`, shown);
      const undone = (await getJson<{ meses: Row[] }>(app, `/api/distratos?${query(c)}`)).body.meses;
      expect(undone.filter((m) => m.distratos !== 0)).toEqual(distratos);

      // VSO takes no broker: signed sales and distratos of the project(s), each in its own month.
      const signed = await sql<{ mes: string; vendas: number; distratos: number }>(
        `select e.mes, sum(e.venda)::int as vendas, sum(e.distrato)::int as distratos from (
           select to_char(v.data_venda::timestamp, 'YYYY-MM') as mes, 1 as venda, 0 as distrato
           from public.vw_vendas_assinadas v where ${SOLD_IN}
           union all
           select to_char(v.data_distrato::timestamp, 'YYYY-MM'), 0, 1
           from public.vw_vendas_assinadas v where v.data_distrato between $1::date and $2::date and ${WHO}
         ) e group by 1 order by 1`, shown, false);
      const vso = (await getJson<{ meses: Row[] }>(app, `/api/vso?${query(c, false)}`)).body.meses;
      expect(vso.filter((m) => m.vendas !== 0 || m.distratos !== 0).map((m) => ({ mes: m.mes, vendas: m.vendas, distratos: m.distratos })))
        .toEqual(signed);
    });

    it(`the summary cards (${c.name})`, async () => {
      // The cards take no broker filter.
      const [cards] = await sql<Row>(
        `select count(*)::int as vendas, coalesce(sum(v.valor), 0)::numeric(18, 2) as vgv,
           coalesce(public.ticket_medio(sum(v.valor), count(*)), 0)::numeric(18, 2) as ticket_medio,
           coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao, coalesce(sum(v.pro_soluto), 0)::numeric(18, 2) as pro_soluto,
           (select count(*)::int from public.vw_vendas_assinadas d
            where d.data_distrato between $1::date and $2::date and ($3::bigint is null or d.empreendimento_id = $3::bigint)) as distratos
         from public.vw_vendas_ativas v where ${SOLD_IN}`, c, false);
      const body = (await getJson<Record<string, Row>>(app, `/api/summary?${query(c, false)}`)).body;
      expect({
        vendas: body.vendas?.valor, vgv: body.vgv?.valor, ticket_medio: body.ticket_medio?.valor, comissao: body.comissao?.valor,
        pro_soluto: body.pro_soluto?.valor_reais, distratos: body.distratos?.valor,
      }).toEqual(cards);
    });
  }

  it('/api/inventory counts each unit under the state public.unidade_status gives its code', async () => {
    const states = await get().db.query<{ empreendimento_id: number; status: string; n: number }>(
      `select u.empreendimento_id, public.unidade_status(u.situacao_codigo) as status, count(*)::int as n
       from public.unidades u group by 1, 2 order by 1, 2`,
    );
    const inventory = (await getJson<{ empreendimentos: Row[] }>(app, '/api/inventory')).body.empreendimentos;
    const fromRoute = inventory.flatMap((p) => ['bloqueada', 'disponivel', 'em_reserva', 'reservada', 'vendida']
      .filter((s) => p[s] !== 0).map((s) => ({ empreendimento_id: p.empreendimento_id, status: s, n: p[s] })))
      .sort((a, b) => Number(a.empreendimento_id) - Number(b.empreendimento_id) || a.status.localeCompare(b.status));
    expect(fromRoute).toEqual(states.rows);
  });
});

function byKey(key: string) {
  return (a: Row, b: Row) => String(a[key]).localeCompare(String(b[key]));
}
