// The funnel's arithmetic, pure: percentages to one decimal, and how old a cohort is.
import { daysInclusive } from './dates.ts';

/** Below this age, a cohort's leads are still converting: the figures will grow. */
export const YOUNG_COHORT_DAYS = 90;

/** `part` as a percentage of `whole`, one decimal; null when the base is zero. */
export function percent1(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/**
 * Days from the end of the period to today: a period that ended yesterday is 1 day old; one
 * that ends today, later or never is 0.
 */
export function cohortAgeDays(ate: string | null, today: string): number {
  if (ate === null || ate >= today) return 0;
  return daysInclusive(ate, today) - 1;
}

/** What the reader must know about a cohort of that age, in pt-BR. */
export function cohortNote(ageDays: number): string {
  const age = `Safra de ${ageDays} ${ageDays === 1 ? 'dia' : 'dias'}`;
  return ageDays < YOUNG_COHORT_DAYS
    ? `${age}: safras recentes ainda não converteram tudo; visitas, reservas e vendas desses leads ainda podem acontecer.`
    : `${age}: a maior parte das conversões desses leads já aconteceu.`;
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
