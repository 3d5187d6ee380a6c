// The funnel's routes on a real HTTP server on loopback: JSON shapes, CSV (with its header row
// even when empty), 400 on bad input, authentication, and the dashboard answer agreeing with them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startWebServer, type RunningWebServer } from '../../src/web/server.ts';
import { MARCH, seedFunnel } from '../figures/funnel-fixtures.ts';
import { TOKEN, testApp } from './app-setup.ts';
import { COHORT_AGE_SLOT, DEFINITIONS, FUNNEL_HELP, LOST_REASONS_RULE } from '../../src/web/page/help-text.ts';
import { openApiDocument } from '../../src/web/openapi.ts';

const ROUTES = ['/api/funnel', '/api/funnel/flow', '/api/funnel/by-origin', '/api/funnel/by-media', '/api/funnel/by-broker', '/api/funnel/by-project', '/api/leads/lost-reasons'];

const CSV_HEADERS: Record<string, string> = {
  '/api/funnel': 'etapa;quantidade;conversao_pct;conversao_etapa_anterior_pct',
  '/api/funnel/flow': 'etapa;quantidade',
  '/api/funnel/by-origin': 'origem;leads;visitas;reservas;vendas;conversao_visita_pct;conversao_reserva_pct;conversao_venda_pct;dias_ate_venda_mediana;horas_primeiro_atendimento_mediana',
  '/api/funnel/by-media': 'midia;leads;visitas;reservas;vendas;conversao_visita_pct;conversao_reserva_pct;conversao_venda_pct;dias_ate_venda_mediana;horas_primeiro_atendimento_mediana',
  '/api/funnel/by-broker': 'idcorretor;corretor;imobiliaria;leads;visitas;reservas;vendas;conversao_visita_pct;conversao_reserva_pct;conversao_venda_pct;dias_ate_venda_mediana;horas_primeiro_atendimento_mediana',
  '/api/funnel/by-project': 'idempreendimento;empreendimento;leads;visitas;reservas;vendas;conversao_visita_pct;conversao_reserva_pct;conversao_venda_pct;dias_ate_venda_mediana;horas_primeiro_atendimento_mediana',
  '/api/leads/lost-reasons': 'motivo;leads;participacao_pct',
};

const BAD_QUERIES = ['periodo=0', 'periodo=abc', 'de=2025-02-30', 'de=2025-03-10&ate=2025-03-01', 'periodo=30&de=2025-01-01', 'format=xml', 'x=1', 'corretor=%00', 'empreendimento=1&empreendimento=2'];

type Json = Record<string, unknown>;

describeEachDatabase('web: the funnel routes', (get) => {
  let server: RunningWebServer;
  const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
  const fetchJson = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, auth);
    return { status: res.status, body: await res.json() as Json };
  };
  const fetchCsv = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, auth);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), lines: text.split('\r\n') };
  };

  beforeAll(async () => {
    server = await startWebServer(testApp(get().db, { API_TOKENS: TOKEN }), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers every route with its header row on an empty database', async () => {
    for (const route of ROUTES) {
      const { status, type, lines } = await fetchCsv(`${route}?format=csv&${MARCH}`);
      expect(status, route).toBe(200);
      expect(type, route).toMatch(/^text\/csv/);
      expect(lines[0], route).toBe(`\uFEFF${CSV_HEADERS[route]}`);
    }
    const funnel = await fetchJson('/api/funnel');
    expect(funnel.body).toMatchObject({ periodo: 'todo o período', dias_ate_venda_mediana: null, leads_com_venda_medidos: 0, fluxo: { leads: 0, visitas: 0, reservas: 0, vendas: 0 } });
    // All time has no age: the cohort mixes leads of every age.
    expect(funnel.body.safra).toMatchObject({ idade_dias: null, descricao: 'leads cadastrados em todo o período', observacao: expect.stringContaining('todas as idades') });
    const lastDays = await fetchJson('/api/funnel?periodo=30');
    expect(lastDays.body.safra).toMatchObject({ idade_dias: 0, descricao: 'leads cadastrados nos últimos 30 dias', observacao: expect.stringContaining('termina hoje') });
  });

  it('refuses anonymous requests and wrong tokens', async () => {
    for (const route of ROUTES) {
      expect((await fetch(`${server.url}${route}`)).status, route).toBe(401);
      expect((await fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status, route).toBe(401);
    }
  });

  it('answers 400 with the error shape in pt-BR to bad parameters, on every route', async () => {
    for (const route of ROUTES) {
      for (const bad of [...BAD_QUERIES, ...(route === '/api/funnel/by-broker' ? ['limit=0', 'offset=-1'] : ['limit=10'])]) {
        const { status, body } = await fetchJson(`${route}?${bad}`);
        expect(status, `${route}?${bad}`).toBe(400);
        const error = body.error as { code: string; message: string };
        expect(error.code).toBe('bad_request');
        expect(error.message.length).toBeGreaterThan(5);
      }
    }
  });

  // From here on the database holds the funnel fixtures.
  it('answers the funnel with the documented shape', async () => {
    await seedFunnel(get().db);
    const { status, body } = await fetchJson(`/api/funnel?${MARCH}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      periodo: 'de 01/03/2025 a 10/03/2025',
      safra: { de: '2025-03-01', ate: '2025-03-10', idade_dias: 5, descricao: 'leads cadastrados de 01/03/2025 a 10/03/2025', observacao: expect.stringContaining('Período encerrado há 5 dias') },
      etapas: [
        { etapa: 'leads', quantidade: 5, conversao_pct: 100, conversao_etapa_anterior_pct: null },
        { etapa: 'visitas', quantidade: 3, conversao_pct: 60, conversao_etapa_anterior_pct: 60 },
        { etapa: 'reservas', quantidade: 3, conversao_pct: 60, conversao_etapa_anterior_pct: 100 },
        { etapa: 'vendas', quantidade: 2, conversao_pct: 40, conversao_etapa_anterior_pct: 66.7 },
      ],
      dias_ate_venda_mediana: 6,
      leads_com_venda_medidos: 2,
      horas_primeiro_atendimento_mediana: 5,
      fluxo: { leads: 5, visitas: 4, reservas: 4, vendas: 2 },
    });
    const csv = await fetchCsv(`/api/funnel?${MARCH}&format=csv`);
    expect(csv.lines.slice(1, 5)).toEqual(['leads;5;100;', 'visitas;3;60;60', 'reservas;3;60;100', 'vendas;2;40;66,7']);
  });

  it('answers the flow, the breakdowns and the lost reasons', async () => {
    expect((await fetchJson(`/api/funnel/flow?${MARCH}`)).body).toEqual({
      periodo: 'de 01/03/2025 a 10/03/2025',
      fluxo: [{ etapa: 'leads', quantidade: 5 }, { etapa: 'visitas', quantidade: 4 }, { etapa: 'reservas', quantidade: 4 }, { etapa: 'vendas', quantidade: 2 }],
    });
    const origins = (await fetchJson(`/api/funnel/by-origin?${MARCH}`)).body.origens as Json[];
    expect(origins.map((o) => [o.origem, o.leads])).toEqual([['Site', 3], ['Não informado', 1], ['Portal', 1]]);
    const media = (await fetchJson(`/api/funnel/by-media?${MARCH}&empreendimento=2`)).body.midias as Json[];
    expect(media.map((o) => [o.midia, o.leads])).toEqual([['Google', 1], ['Não informado', 1]]);
    const brokers = (await fetchJson(`/api/funnel/by-broker?${MARCH}&limit=2&offset=1`)).body;
    expect(brokers.total).toBe(3);
    expect((brokers.corretores as Json[]).map((b) => b.corretor)).toEqual(['Carlos Lima', 'Não informado']);
    const projects = (await fetchJson(`/api/funnel/by-project?${MARCH}&corretor=Ana%20Prado`)).body.empreendimentos as Json[];
    expect(projects.map((p) => [p.idempreendimento, p.empreendimento, p.leads])).toEqual([[1, 'Residencial Aurora', 1], [2, 'Vista do Parque', 1]]);
    const lost = (await fetchJson(`/api/leads/lost-reasons?${MARCH}`)).body;
    expect(lost).toMatchObject({ total_perdidos: 4, motivos: [{ motivo: 'Preço', leads: 2, participacao_pct: 50 }, { motivo: 'Não informado' }, { motivo: 'Sem interesse' }] });
    const lostCsv = await fetchCsv(`/api/leads/lost-reasons?${MARCH}&format=csv`);
    expect(lostCsv.lines[1]).toBe('Preço;2;50');
  });

  it('gives the dashboard the same funnel as the routes', async () => {
    for (const filters of ['periodo=30', MARCH, `${MARCH}&empreendimento=1`, '']) {
      const dashboard = (await fetchJson(`/api/dashboard?${filters}`)).body.funil as Json;
      expect(dashboard.resumo, filters).toEqual((await fetchJson(`/api/funnel?${filters}`)).body);
      expect(dashboard.origens, filters).toEqual((await fetchJson(`/api/funnel/by-origin?${filters}`)).body);
      expect(dashboard.corretores, filters).toEqual((await fetchJson(`/api/funnel/by-broker?${filters}`)).body);
      expect(dashboard.motivos, filters).toEqual((await fetchJson(`/api/leads/lost-reasons?${filters}`)).body);
    }
  });
});

describe('funnel help and API description', () => {
  it('carry the definitions they rest on, and the cohort age slot', () => {
    const D = DEFINITIONS;
    expect(FUNNEL_HELP.conversao.endsWith(COHORT_AGE_SLOT)).toBe(true);
    expect(FUNNEL_HELP.conversao).not.toMatch(/\d+ dias|\{idade\}/);
    for (const d of [D.lead_data, D.lead_visita, D.lead_reserva, D.lead_venda]) expect(FUNNEL_HELP.conversao).toContain(d.text);
    expect(FUNNEL_HELP.dias_ate_venda).toContain(D.dias_ate_venda.text);
    expect(FUNNEL_HELP.horas_primeiro_atendimento).toContain(D.horas_primeiro_atendimento.text);
    expect(FUNNEL_HELP.origem).toContain(D.lead_origem.text);
    expect(FUNNEL_HELP.motivos).toContain(D.motivo_perda.text);
    const doc = openApiDocument() as { paths: Record<string, { get: { description: string } }> };
    expect(doc.paths['/api/funnel']?.get.description).toContain(D.lead_venda.text);
    expect(doc.paths['/api/leads/lost-reasons']?.get.description).toContain(D.motivo_perda.text);
    // A lead counts once, by its latest loss: the help and the API description say so alike.
    expect(LOST_REASONS_RULE).toContain('perda mais recente');
    expect(FUNNEL_HELP.motivos).toContain(LOST_REASONS_RULE);
    expect(doc.paths['/api/leads/lost-reasons']?.get.description).toContain(LOST_REASONS_RULE);
    // Visits of leads that don't count are left out of the flow, and the help says so.
    expect(FUNNEL_HELP.fluxo).toContain('Só contam visitas de leads que contam');
    expect(doc.paths['/api/funnel/flow']?.get.description).toContain('visitas concluídas de leads que contam');
    // The dashboard shows the top brokers only; the help says which and where the rest are.
    expect(FUNNEL_HELP.corretores).toContain('50 corretores com mais leads na safra');
    expect(FUNNEL_HELP.corretores).toContain('/api/funnel/by-broker?limit=');
    expect(FUNNEL_HELP.dias_ate_venda).toContain('data anterior ao cadastro');
  });
});

describeEachDatabase('web: hostile parameters on the funnel routes', (get) => {
  it('answer 200 or 400, never 500', async () => {
    await seedFunnel(get().db);
    const app = testApp(get().db);
    const keys = fc.constantFrom('periodo', 'de', 'ate', 'empreendimento', 'corretor', 'format', 'limit', 'offset');
    const value = fc.oneof(fc.constantFrom('30', '0', '2025-03-01', '2025-02-30', '1', 'Carlos Lima', "' or 1=1 --", 'csv', '99999999999999999999', ''), fc.string({ maxLength: 12 }));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...ROUTES), fc.array(fc.tuple(keys, value), { maxLength: 4 }), async (route, pairs) => {
      const res = await app.request(`${route}?${new URLSearchParams(pairs)}`);
      expect([200, 400], `${route}?${new URLSearchParams(pairs)}`).toContain(res.status);
      await res.arrayBuffer();
    }), { numRuns: 150, seed: 20_261_201 });
  });
});
