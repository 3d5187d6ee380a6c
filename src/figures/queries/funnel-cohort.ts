// The cohort of a period's leads: how many reached each step of the funnel, and the medians.
import type { Queryable } from '../../db/database.ts';
import { COHORT_FIGURES, COHORT_FILTER, SALE_DAYS_BASE, type CohortCounts } from './funnel-filter.ts';
import type { FilterParams } from './sales-filter.ts';

export type CohortTotals = CohortCounts & { leads_com_venda_medidos: number };

export async function selectCohort(db: Queryable, filter: FilterParams): Promise<CohortTotals> {
  const { rows } = await db.query<CohortTotals>(
    `select ${COHORT_FIGURES}, ${SALE_DAYS_BASE}
     from bi.fato_leads l
     where ${COHORT_FILTER}`,
    filter,
  );
  return rows[0]!;
}
