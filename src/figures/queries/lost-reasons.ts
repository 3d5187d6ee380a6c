// Leads lost in the period, by reason: the most common first. A lead counts once, by its latest
// loss (fato_leads keeps only that one). The bounds compare the timestamp itself, so the partial
// index on data_perda serves them; the end is exclusive, the day after the period's last.
import type { Queryable } from '../../db/database.ts';
import { LEAD_WHO_FILTER } from './funnel-filter.ts';
import type { FilterParams } from './sales-filter.ts';

export interface LostReasonRow {
  motivo: string;
  leads: number;
}

const LOST_IN_PERIOD = `l.data_perda is not null
  and ($1::date is null or l.data_perda >= $1::date)
  and ($2::date is null or l.data_perda < $2::date + 1)
  and ${LEAD_WHO_FILTER}`;

/** The `limit` most common reasons (ties by name) and how many leads were lost in all. */
export async function selectLostReasons(db: Queryable, filter: FilterParams, limit: number): Promise<{ rows: LostReasonRow[]; total: number }> {
  const [top, all] = await Promise.all([
    db.query<LostReasonRow>(
      `select coalesce(nullif(trim(l.motivo_perda), ''), 'Não informado') as motivo, count(*)::int as leads
       from bi.fato_leads l
       where ${LOST_IN_PERIOD}
       group by 1
       order by leads desc, motivo
       limit $8::int`,
      [...filter, limit],
    ),
    db.query<{ total: number }>(`select count(*)::int as total from bi.fato_leads l where ${LOST_IN_PERIOD}`, filter),
  ]);
  return { rows: top.rows, total: all.rows[0]!.total };
}
