// The commercial funnel of a period: the cohort of its leads step by step ("Conversão da
// safra"), beside the events that happened in it ("Fluxo do período"). The two answer different
// questions and are never mixed: a ratio between flow counts is throughput, not conversion.
import type { Queryable } from '../db/database.ts';
import type { FigureFilter } from './filter.ts';
import { cohortAgeDays, cohortLeads, cohortNote, percent1 } from './funnel-numbers.ts';
import { selectCohort } from './queries/funnel-cohort.ts';
import { selectFlow, type FlowCounts } from './queries/funnel-flow.ts';
import { filterParams } from './queries/sales-filter.ts';

export const FUNNEL_STEPS = ['leads', 'visitas', 'reservas', 'vendas'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface StepRow {
  etapa: FunnelStep;
  quantidade: number;
  conversao_pct: number | null;
  conversao_etapa_anterior_pct: number | null;
}

export interface FlowRow {
  etapa: FunnelStep;
  quantidade: number;
}

/** The cohort's steps, each against the cohort's leads and against the step before it. */
export function funnelSteps(counts: Record<FunnelStep, number>): StepRow[] {
  return FUNNEL_STEPS.map((etapa, i) => ({
    etapa,
    quantidade: counts[etapa],
    conversao_pct: percent1(counts[etapa], counts.leads),
    conversao_etapa_anterior_pct: i === 0 ? null : percent1(counts[etapa], counts[FUNNEL_STEPS[i - 1]!]),
  }));
}

export async function funnelFigures(db: Queryable, filters: FigureFilter, today: string) {
  const params = filterParams(filters);
  const [cohort, flow] = await Promise.all([selectCohort(db, params), selectFlow(db, params)]);
  const age = cohortAgeDays(filters.ate, today);
  return {
    periodo: filters.label,
    safra: { de: filters.de, ate: filters.ate, idade_dias: age, descricao: cohortLeads(filters.label), observacao: cohortNote(age) },
    etapas: funnelSteps(cohort),
    dias_ate_venda_mediana: cohort.dias_ate_venda_mediana,
    leads_com_venda_medidos: cohort.leads_com_venda_medidos,
    horas_primeiro_atendimento_mediana: cohort.horas_primeiro_atendimento_mediana,
    fluxo: flow,
  };
}

export function flowRows(flow: FlowCounts): FlowRow[] {
  return FUNNEL_STEPS.map((etapa) => ({ etapa, quantidade: flow[etapa] }));
}

export async function funnelFlowFigures(db: Queryable, filters: FigureFilter) {
  return { periodo: filters.label, fluxo: flowRows(await selectFlow(db, filterParams(filters))) };
}
