// Distratos per calendar month of vendas.data_distrato: the month the sale was undone.
import type { Queryable } from '../../db/database.ts';
import { WHO_FILTER, type FilterParams } from './sales-filter.ts';

export interface MonthDistratos {
  mes: string;
  distratos: number;
  valor: number;
}

/** $1/$2 of the filter bound data_distrato here, not data_venda. */
export async function selectDistratosByMonth(db: Queryable, filter: FilterParams): Promise<MonthDistratos[]> {
  const { rows } = await db.query<MonthDistratos>(
    `select to_char(v.data_distrato::timestamp, 'YYYY-MM') as mes,
       count(*)::int as distratos,
       coalesce(sum(v.valor), 0)::numeric(18, 2) as valor
     from public.vw_vendas_assinadas v
     where v.data_distrato is not null
       and ($1::date is null or v.data_distrato >= $1::date)
       and ($2::date is null or v.data_distrato <= $2::date)
       and ${WHO_FILTER}
     group by 1
     order by 1`,
    filter,
  );
  return rows;
}
