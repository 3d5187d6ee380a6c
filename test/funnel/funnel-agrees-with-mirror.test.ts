// The whole funnel path against a second computation: the simulator's leads, visits, losses and
// reservations are synced like any installation would (the default resource set), the product
// derives bi and answers the funnel routes, and every figure must equal what plain JavaScript
// computes from the mirror rows (test/helpers/funnel-oracle.ts), never from bi.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_RESOURCES } from '../../src/cvdw/catalog/index.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { funnelOracle, type OraclePeriod, type OracleSteps } from '../helpers/funnel-oracle.ts';
import { syncOnce } from '../helpers/sync-harness.ts';
import { getJson, testApp } from '../web/app-setup.ts';

const TODAY = '2025-03-15';

const PERIODS: readonly OraclePeriod[] = [
  { de: '2023-03-16', ate: '2025-03-14' },
  { de: '2024-01-01', ate: '2024-06-30' },
  { de: '2025-02-01', ate: '2025-03-14' },
];

interface Step { etapa: string; quantidade: number; conversao_pct: number | null }
interface Funnel {
  etapas: Step[];
  dias_ate_venda_mediana: number | null;
  leads_com_venda_medidos: number;
  horas_primeiro_atendimento_mediana: number | null;
  fluxo: Record<string, number>;
}
interface GroupRow { leads: number; visitas: number; reservas: number; vendas: number }

function expectMedian(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 1);
}

const steps = (s: OracleSteps) => ({ leads: s.leads, visitas: s.visitas, reservas: s.reservas, vendas: s.vendas });

describeEachDatabase('funnel: the routes agree with the mirror', (get) => {
  let sim: RunningSimulator;
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    sim = await startSimulator({ scale: 300, seed: 7, today: TODAY, rateLimit: false });
    const summary = await syncOnce(get().db, sim, { resources: [...DEFAULT_RESOURCES] });
    expect(summary.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);
    app = testApp(get().db);
  }, 240_000);

  afterAll(async () => {
    await sim?.stop();
  });

  for (const period of PERIODS) {
    it(`cohort, flow and medians (${period.de} … ${period.ate})`, async () => {
      const expected = await funnelOracle(get().db, period);
      expect(expected.cohort.leads).toBeGreaterThan(0);
      if (period === PERIODS[0]) {
        expect(expected.cohort.vendas).toBeGreaterThan(0);
        expect(expected.lostReasons.length).toBeGreaterThan(3);
      }
      const { status, body } = await getJson<Funnel>(app, `/api/funnel?de=${period.de}&ate=${period.ate}`);
      expect(status).toBe(200);
      const counts = Object.fromEntries(body.etapas.map((e) => [e.etapa, e.quantidade]));
      expect(counts).toEqual(steps(expected.cohort));
      expect(body.fluxo).toEqual(steps(expected.flow));
      expectMedian(body.dias_ate_venda_mediana, expected.diasAteVendaMediana);
      expect(body.leads_com_venda_medidos).toBe(expected.leadsComVendaMedidos);
      expectMedian(body.horas_primeiro_atendimento_mediana, expected.horasPrimeiroAtendimentoMediana);
    });

    it(`by origin, by broker and lost reasons (${period.de} … ${period.ate})`, async () => {
      const expected = await funnelOracle(get().db, period);
      const origins = (await getJson<{ origens: (GroupRow & { origem: string })[] }>(app, `/api/funnel/by-origin?de=${period.de}&ate=${period.ate}`)).body.origens;
      expect(new Map(origins.map((o) => [o.origem, steps(o)]))).toEqual(new Map([...expected.byOrigin].map(([k, v]) => [k, steps(v)])));
      const brokers = (await getJson<{ corretores: (GroupRow & { corretor: string })[] }>(app, `/api/funnel/by-broker?de=${period.de}&ate=${period.ate}&limit=1000`)).body.corretores;
      expect(new Map(brokers.map((o) => [o.corretor, steps(o)]))).toEqual(new Map([...expected.byBroker].map(([k, v]) => [k, steps(v)])));
      const lost = (await getJson<{ motivos: { motivo: string; leads: number }[] }>(app, `/api/leads/lost-reasons?de=${period.de}&ate=${period.ate}`)).body.motivos;
      expect(lost.map((m) => m.leads)).toEqual(expected.lostReasons.map((m) => m.leads));
      // Ties may sort differently under another collation; the reasons with distinct counts may not.
      expect(new Set(lost.map((m) => `${m.motivo}:${m.leads}`))).toEqual(new Set(expected.lostReasons.map((m) => `${m.motivo}:${m.leads}`)));
    });
  }

  it('the sales step of the flow equals the sales figures of the same period', async () => {
    const period = PERIODS[0] as OraclePeriod;
    const funnel = (await getJson<Funnel>(app, `/api/funnel?de=${period.de}&ate=${period.ate}`)).body;
    const kpis = (await getJson<{ total_vendas: number }>(app, `/api/kpis?de=${period.de}&ate=${period.ate}`)).body;
    expect(funnel.fluxo.vendas).toBe(kpis.total_vendas);
  });
});
