// Why leads were lost in the period: the most common reasons, each with its share of the losses.
import type { Queryable } from '../db/database.ts';
import type { FigureFilter } from './filter.ts';
import { percent1 } from './funnel-numbers.ts';
import { selectLostReasons } from './queries/lost-reasons.ts';
import { filterParams } from './queries/sales-filter.ts';

export const TOP_LOST_REASONS = 10;

export async function lostReasonsFigures(db: Queryable, filters: FigureFilter) {
  const { rows, total } = await selectLostReasons(db, filterParams(filters), TOP_LOST_REASONS);
  return {
    periodo: filters.label,
    total_perdidos: total,
    motivos: rows.map((r) => ({ ...r, participacao_pct: percent1(r.leads, total) })),
  };
}
