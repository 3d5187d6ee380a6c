// The funnel's figures against hand-computed fixtures (funnel-fixtures.ts), on both databases.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import type { FigureFilter, NameOrId } from '../../src/figures/filter.ts';
import { funnelFigures, funnelFlowFigures } from '../../src/figures/funnel.ts';
import { funnelByBrokerFigures, funnelByMediaFigures, funnelByOriginFigures, funnelByProjectFigures } from '../../src/figures/funnel-breakdowns.ts';
import { lostReasonsFigures } from '../../src/figures/funnel-lost-reasons.ts';
import { cohortAgeDays, cohortLeads, cohortNote, percent1 } from '../../src/figures/funnel-numbers.ts';
import { ANA, AURORA, CARLOS, PARQUE, seedFunnel } from './funnel-fixtures.ts';
import { selectLostReasons } from '../../src/figures/queries/lost-reasons.ts';
import { filterParams } from '../../src/figures/queries/sales-filter.ts';
import type { Queryable } from '../../src/db/database.ts';

const TODAY = '2025-03-15';
const NONE: NameOrId = { id: null, name: null };

function filter(de: string | null, ate: string | null, extra: Partial<FigureFilter> = {}): FigureFilter {
  return { de, ate, label: 'teste', project: NONE, broker: NONE, contas: null, ...extra } as FigureFilter;
}
const MARCH = filter('2025-03-01', '2025-03-10');

const steps = (body: Awaited<ReturnType<typeof funnelFigures>>) =>
  body.etapas.map((e) => [e.etapa, e.quantidade, e.conversao_pct, e.conversao_etapa_anterior_pct]);

describe('funnel arithmetic', () => {
  it('rounds percentages to one decimal and has none on a zero base', () => {
    expect(percent1(2, 3)).toBe(66.7);
    expect(percent1(1, 3)).toBe(33.3);
    expect(percent1(5, 5)).toBe(100);
    expect(percent1(0, 0)).toBeNull();
  });

  it('ages a cohort from the end of its period to today, and has no age without an end', () => {
    expect(cohortAgeDays('2025-03-14', TODAY)).toBe(1);
    expect(cohortAgeDays('2025-03-10', TODAY)).toBe(5);
    expect(cohortAgeDays(TODAY, TODAY)).toBe(0);
    expect(cohortAgeDays('2025-04-01', TODAY)).toBe(0);
    expect(cohortAgeDays(null, TODAY)).toBeNull();
  });

  it('explains the cohort by its age, in grammatical pt-BR', () => {
    expect(cohortNote(null)).toContain('mistura leads de todas as idades');
    expect(cohortNote(null)).not.toMatch(/\d+ dias?/);
    expect(cohortNote(0)).toContain('O período termina hoje');
    expect(cohortNote(0)).not.toContain('0 dias');
    expect(cohortNote(1)).toContain('Período encerrado há 1 dia:');
    expect(cohortNote(5)).toContain('há 5 dias: safras recentes ainda não converteram tudo');
    expect(cohortNote(89)).toContain('ainda não converteram');
    expect(cohortNote(90)).toBe('Período encerrado há 90 dias: a maior parte das conversões desses leads já aconteceu.');
    expect(cohortNote(400)).not.toContain('ainda não converteram');
    expect(cohortLeads('últimos 30 dias')).toBe('leads cadastrados nos últimos 30 dias');
    expect(cohortLeads('todo o período')).toBe('leads cadastrados em todo o período');
    expect(cohortLeads('de 01/01/2025 a 31/03/2025')).toBe('leads cadastrados de 01/01/2025 a 31/03/2025');
    expect(cohortLeads('hoje')).toBe('leads cadastrados hoje');
    expect(cohortLeads('desde 01/01/2025')).toBe('leads cadastrados desde 01/01/2025');
  });
});

describeEachDatabase('funnel figures', (get) => {
  beforeAll(async () => {
    await seedFunnel(get().db);
  });

  it('converts the cohort step by step, with both period edges inclusive', async () => {
    const body = await funnelFigures(get().db, MARCH, TODAY);
    expect(steps(body)).toEqual([
      ['leads', 5, 100, null],
      ['visitas', 3, 60, 60],
      ['reservas', 3, 60, 100],
      ['vendas', 2, 40, 66.7],
    ]);
    // Sales after 5 and 7 days (even count); first contact after 2, 4, 6 and 10 hours.
    expect(body.dias_ate_venda_mediana).toBe(6);
    expect(body.horas_primeiro_atendimento_mediana).toBe(5);
    expect(body.leads_com_venda_medidos).toBe(2);
    expect(body.safra).toEqual({ de: '2025-03-01', ate: '2025-03-10', idade_dias: 5, descricao: 'leads cadastrados teste', observacao: cohortNote(5) });
  });

  it('takes the median of days to sale over the sold leads with a valid time, and says how many', async () => {
    // 3001 sold before its registration (-3 days) and 3003 has no days: only 3002 (4 days) counts.
    const body = await funnelFigures(get().db, filter('2025-02-10', '2025-02-11'), TODAY);
    expect(steps(body).map((s) => s[1])).toEqual([3, 0, 0, 3]);
    expect(body.dias_ate_venda_mediana).toBe(4);
    expect(body.leads_com_venda_medidos).toBe(1);
  });

  it('describes an all-time cohort as mixing ages, not as 0 days old', async () => {
    const body = await funnelFigures(get().db, { ...filter(null, null), label: 'todo o período' }, TODAY);
    expect(body.safra).toEqual({ de: null, ate: null, idade_dias: null, descricao: 'leads cadastrados em todo o período', observacao: cohortNote(null) });
    const today = await funnelFigures(get().db, { ...filter('2025-02-14', TODAY), label: 'últimos 30 dias' }, TODAY);
    expect(today.safra).toMatchObject({ idade_dias: 0, descricao: 'leads cadastrados nos últimos 30 dias', observacao: cohortNote(0) });
  });

  it('counts each event of the period by its own date (the flow), apart from the cohort', async () => {
    const body = await funnelFigures(get().db, MARCH, TODAY);
    // Visits 501-504 (506 is the day after, 505 not done, 507 inactive, 508 and 509 of leads that
    // don't count: inactive 1007 and deleted 1999); reservations 901-904
    // (905 inactive, 906 of February); sales 902 and 906 (904 sold after the period, 903 undone).
    expect(body.fluxo).toEqual({ leads: 5, visitas: 4, reservas: 4, vendas: 2 });
    expect(await funnelFlowFigures(get().db, MARCH)).toEqual({
      periodo: 'teste',
      fluxo: [{ etapa: 'leads', quantidade: 5 }, { etapa: 'visitas', quantidade: 4 }, { etapa: 'reservas', quantidade: 4 }, { etapa: 'vendas', quantidade: 2 }],
    });
  });

  it('has odd-count medians and filters by project id and by name alike', async () => {
    for (const project of [{ id: AURORA.id, name: null }, { id: null, name: AURORA.nome }]) {
      const body = await funnelFigures(get().db, filter('2025-03-01', '2025-03-10', { project }), TODAY);
      // 1001, 1002 and 1008: 2, 4 and 6 hours; one sale after 5 days.
      expect(steps(body).map((s) => s[1])).toEqual([3, 2, 2, 1]);
      expect(body.horas_primeiro_atendimento_mediana).toBe(4);
      expect(body.dias_ate_venda_mediana).toBe(5);
      expect(body.fluxo).toEqual({ leads: 3, visitas: 3, reservas: 3, vendas: 2 });
    }
  });

  it('filters by broker id and by name alike', async () => {
    for (const broker of [{ id: CARLOS.id, name: null }, { id: null, name: CARLOS.nome }]) {
      const body = await funnelFigures(get().db, filter('2025-03-01', '2025-03-10', { broker }), TODAY);
      expect(steps(body).map((s) => s[1])).toEqual([2, 1, 2, 2]);
      expect(body.horas_primeiro_atendimento_mediana).toBe(2);
      expect(body.fluxo).toEqual({ leads: 2, visitas: 2, reservas: 3, vendas: 2 });
    }
  });

  it('has null medians and null percentages when their base is empty', async () => {
    const oneDay = await funnelFigures(get().db, filter('2025-03-11', '2025-03-11'), TODAY);
    expect(steps(oneDay)).toEqual([['leads', 1, 100, null], ['visitas', 0, 0, 0], ['reservas', 0, 0, null], ['vendas', 0, 0, null]]);
    expect(oneDay.dias_ate_venda_mediana).toBeNull();
    expect(oneDay.horas_primeiro_atendimento_mediana).toBeNull();
    const empty = await funnelFigures(get().db, filter('2024-01-01', '2024-01-31'), TODAY);
    expect(steps(empty)).toEqual([['leads', 0, null, null], ['visitas', 0, null, null], ['reservas', 0, null, null], ['vendas', 0, null, null]]);
    expect(empty.safra.idade_dias).toBe(409);
    expect(empty.safra.observacao).not.toContain('ainda não converteram');
  });

  it('breaks the cohort down by origin and media, "Não informado" for a lead without one', async () => {
    const origins = await funnelByOriginFigures(get().db, MARCH);
    expect(origins.origens).toEqual([
      { origem: 'Site', leads: 3, visitas: 2, reservas: 2, vendas: 1, conversao_visita_pct: 66.7, conversao_reserva_pct: 66.7, conversao_venda_pct: 33.3, dias_ate_venda_mediana: 5, horas_primeiro_atendimento_mediana: 4 },
      { origem: 'Não informado', leads: 1, visitas: 0, reservas: 1, vendas: 1, conversao_visita_pct: 0, conversao_reserva_pct: 100, conversao_venda_pct: 100, dias_ate_venda_mediana: 7, horas_primeiro_atendimento_mediana: null },
      { origem: 'Portal', leads: 1, visitas: 1, reservas: 0, vendas: 0, conversao_visita_pct: 100, conversao_reserva_pct: 0, conversao_venda_pct: 0, dias_ate_venda_mediana: null, horas_primeiro_atendimento_mediana: 10 },
    ]);
    const media = await funnelByMediaFigures(get().db, MARCH);
    expect(media.midias.map((m) => [m.midia, m.leads, m.vendas])).toEqual([['Google', 2, 1], ['Não informado', 2, 1], ['Instagram', 1, 0]]);
  });

  it('breaks the cohort down by broker, with paging and "Não informado" for a lead without one', async () => {
    const all = await funnelByBrokerFigures(get().db, MARCH, { limit: 50, offset: 0 });
    expect(all.total).toBe(3);
    expect(all.corretores.map((r) => [r.idcorretor, r.corretor, r.imobiliaria, r.leads, r.visitas, r.reservas, r.vendas, r.conversao_venda_pct, r.horas_primeiro_atendimento_mediana])).toEqual([
      [ANA.id, ANA.nome, ANA.imobiliaria, 2, 2, 1, 0, 0, 7],
      [CARLOS.id, CARLOS.nome, CARLOS.imobiliaria, 2, 1, 2, 2, 100, 2],
      [null, 'Não informado', null, 1, 0, 0, 0, 0, 6],
    ]);
    const second = await funnelByBrokerFigures(get().db, MARCH, { limit: 1, offset: 1 });
    expect(second.total).toBe(3);
    expect(second.corretores.map((r) => r.corretor)).toEqual([CARLOS.nome]);
    const beyond = await funnelByBrokerFigures(get().db, MARCH, { limit: 5, offset: 10 });
    expect(beyond).toMatchObject({ total: 3, corretores: [] });
  });

  it('breaks the cohort down by project', async () => {
    const body = await funnelByProjectFigures(get().db, MARCH);
    expect(body.empreendimentos.map((r) => [r.idempreendimento, r.empreendimento, r.leads, r.visitas, r.reservas, r.vendas, r.dias_ate_venda_mediana])).toEqual([
      [AURORA.id, AURORA.nome, 3, 2, 2, 1, 5],
      [PARQUE.id, PARQUE.nome, 2, 1, 1, 1, 7],
    ]);
  });

  it('ranks the reasons of the period’s losses, a lost and won-back lead included', async () => {
    const body = await lostReasonsFigures(get().db, MARCH);
    // 1003 (won back later), 1004, 1005 (registered in February) and 1008 on the last day;
    // 1006 was lost the day after, 1007 is inactive.
    expect(body).toEqual({
      periodo: 'teste',
      total_perdidos: 4,
      motivos: [
        { motivo: 'Preço', leads: 2, participacao_pct: 50 },
        { motivo: 'Não informado', leads: 1, participacao_pct: 25 },
        { motivo: 'Sem interesse', leads: 1, participacao_pct: 25 },
      ],
    });
    const carlos = await lostReasonsFigures(get().db, filter('2025-03-01', '2025-03-10', { broker: { id: CARLOS.id, name: null } }));
    expect(carlos.motivos.map((m) => [m.motivo, m.leads])).toEqual([['Preço', 1], ['Sem interesse', 1]]);
  });

  it('bounds the losses by the timestamp itself, both edges of the period inclusive', async () => {
    // 1005 lost on 2025-03-02 10:00 and 1008 on 2025-03-10 18:30; 1006 on 2025-03-11 09:00.
    expect((await lostReasonsFigures(get().db, filter('2025-03-02', '2025-03-02'))).total_perdidos).toBe(1);
    expect((await lostReasonsFigures(get().db, filter('2025-03-10', '2025-03-10'))).total_perdidos).toBe(1);
    expect((await lostReasonsFigures(get().db, filter('2025-03-10', null))).total_perdidos).toBe(2);
    expect((await lostReasonsFigures(get().db, filter(null, '2025-03-01'))).total_perdidos).toBe(13);
  });

  it('lists at most the ten most common reasons, ties by name, shares of all losses', async () => {
    const body = await lostReasonsFigures(get().db, filter('2025-01-01', '2025-01-31'));
    expect(body.total_perdidos).toBe(13);
    expect(body.motivos.map((m) => m.motivo)).toEqual(['Motivo 12', ...Array.from({ length: 9 }, (_, i) => `Motivo 0${i + 1}`)]);
    expect(body.motivos[0]).toEqual({ motivo: 'Motivo 12', leads: 2, participacao_pct: 15.4 });
  });
});

describeEachDatabase('lost reasons plan', (get, kind) => {
  it.runIf(kind === 'postgres')('reads the period through the index on data_perda', async () => {
    await seedFunnel(get().db);
    const plans = await get().db.transaction(async (tx) => {
      // The fixtures are a handful of rows: without this a sequential scan is cheaper anyway.
      await tx.query('set local enable_seqscan = off');
      const explained: string[] = [];
      const explaining: Queryable = {
        async query<Row>(sql: string, params?: readonly unknown[]) {
          const { rows } = await tx.query<Record<string, string>>(`explain ${sql}`, params);
          explained.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
          return { rows: [{ total: 0 }] as unknown as Row[], rowCount: 1 };
        },
      };
      await selectLostReasons(explaining, filterParams(filter('2025-03-01', '2025-03-10')), 10);
      return explained;
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toContain('fato_leads_data_perda_idx');
      expect(plan).toMatch(/Index Cond: \(\(data_perda >= .*\) AND \(data_perda < /);
    }
  });
});
