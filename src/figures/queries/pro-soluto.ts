// Pró-soluto of the counted sales of a period: the part of the price paid to the developer
// directly (vendas.pro_soluto = valor − financiamento − FGTS − subsídio), and the VGV it is a share of.
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, type FilterParams } from './sales-filter.ts';

export interface ProSolutoTotal {
  vgv: number;
  pro_soluto: number;
}

export async function selectProSoluto(db: Queryable, filter: FilterParams): Promise<ProSolutoTotal> {
  const { rows } = await db.query<ProSolutoTotal>(
    `select coalesce(sum(v.valor), 0)::numeric(18, 2) as vgv,
       coalesce(sum(v.pro_soluto), 0)::numeric(18, 2) as pro_soluto
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}`,
    filter,
  );
  return rows[0]!;
}
