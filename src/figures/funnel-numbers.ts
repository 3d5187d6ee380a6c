// The funnel's arithmetic and wording, pure: percentages to one decimal, how old a cohort is and
// how that reads in pt-BR.
import { daysInclusive } from './dates.ts';

/** Below this age, a cohort's leads are still converting: the figures will grow. */
export const YOUNG_COHORT_DAYS = 90;

/** `part` as a percentage of `whole`, one decimal; null when the base is zero. */
export function percent1(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/**
 * Days from the end of the period to today: a period that ended yesterday is 1 day old; one that
 * ends today or later is 0. A period without an end has no age: its leads go from the oldest to
 * today's, so no single age describes them.
 */
export function cohortAgeDays(ate: string | null, today: string): number | null {
  if (ate === null) return null;
  if (ate >= today) return 0;
  return daysInclusive(ate, today) - 1;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the reader must know about a cohort of that age, in pt-BR; the dashboard's help repeats it. */
export function cohortNote(ageDays: number | null): string {
  if (ageDays === null) {
    return 'Período sem data final: a safra mistura leads de todas as idades; os mais antigos já tiveram tempo de converter, os mais recentes ainda podem ter visitas, reservas e vendas.';
  }
  if (ageDays === 0) {
    return 'O período termina hoje: a safra ainda está recebendo leads, e as visitas, reservas e vendas dos mais recentes ainda vão acontecer.';
  }
  const age = `Período encerrado há ${plural(ageDays, 'dia', 'dias')}`;
  return ageDays < YOUNG_COHORT_DAYS
    ? `${age}: safras recentes ainda não converteram tudo; visitas, reservas e vendas desses leads ainda podem acontecer.`
    : `${age}: a maior parte das conversões desses leads já aconteceu.`;
}

/**
 * "leads cadastrados …" followed by the period's label with the preposition pt-BR asks for:
 * "nos últimos 30 dias", "em todo o período", "hoje", "de 01/01/2025 a 31/03/2025", "desde …".
 */
export function cohortLeads(periodLabel: string): string {
  if (periodLabel.startsWith('últimos ')) return `leads cadastrados nos ${periodLabel}`;
  if (periodLabel === 'todo o período') return `leads cadastrados em ${periodLabel}`;
  return `leads cadastrados ${periodLabel}`;
}

interface Counts {
  leads: number;
  visitas: number;
  reservas: number;
  vendas: number;
}

/** A group's conversions: each step as a share of the group's leads. */
export function conversions(c: Counts) {
  return {
    conversao_visita_pct: percent1(c.visitas, c.leads),
    conversao_reserva_pct: percent1(c.reservas, c.leads),
    conversao_venda_pct: percent1(c.vendas, c.leads),
  };
}
