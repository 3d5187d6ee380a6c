// The cohort of a period's leads: how many reached each step of the funnel, and the medians.
import type { Queryable } from '../../db/database.ts';
import { COHORT_FIGURES, COHORT_FILTER, type CohortCounts } from './funnel-filter.ts';
import type { FilterParams } from './sales-filter.ts';

export async function selectCohort(db: Queryable, filter: FilterParams): Promise<CohortCounts> {
  const { rows } = await db.query<CohortCounts>(
    `select ${COHORT_FIGURES}
     from bi.fato_leads l
     where ${COHORT_FILTER}`,
    filter,
  );
  return rows[0]!;
}
