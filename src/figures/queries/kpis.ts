// The headline figures over counted sales: with no filter and one account, exactly
// public.vw_kpis_vendas. Brokers and projects are counted per account: the same name in two
// accounts is two brokers.
//
// Without a period the figures come from the summaries the load keeps (migration 0023): with no
// project or broker either, public.resumo_vendas_contadas_conta (one row an account); otherwise
// public.resumo_vendas_contadas, the counted sales summed per account, project and broker (a few
// thousand rows instead of every sale). Its grain is every filter but the date, and a group exists
// only while it has a sale, so every path gives the same figures; a period reads the sales.
import type { Queryable } from '../../db/database.ts';
import { SALES_FILTER, WHO_FILTER, accountFilter, type FilterParams } from './sales-filter.ts';

export interface Kpis {
  total_vendas: number;
  valor_total: number;
  ticket_medio: number;
  comissao_total: number;
  total_corretores: number;
  total_empreendimentos: number;
}

/** Whether the summary can answer: it has no date, so only an unbounded period. */
export function summaryAnswers(filter: FilterParams): boolean {
  return filter[0] === null && filter[1] === null;
}

/** Whether the per-account summary can answer: no period, project or broker. */
export function accountSummaryAnswers(filter: FilterParams): boolean {
  return filter.slice(0, 6).every((value) => value === null);
}

export function selectKpis(db: Queryable, filter: FilterParams): Promise<Kpis> {
  if (accountSummaryAnswers(filter)) return selectKpisFromAccountSummary(db, filter);
  return summaryAnswers(filter) ? selectKpisFromSummary(db, filter) : selectKpisFromSales(db, filter);
}

/** Every sale of the view, scanned: any filter. */
export async function selectKpisFromSales(db: Queryable, filter: FilterParams): Promise<Kpis> {
  const { rows } = await db.query<Kpis>(
    `select
       count(*)::int as total_vendas,
       coalesce(sum(v.valor), 0)::numeric(18, 2) as valor_total,
       coalesce(public.ticket_medio(sum(v.valor), count(*)), 0)::numeric(18, 2) as ticket_medio,
       coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao_total,
       count(distinct v.conta || ':' || v.corretor)::int as total_corretores,
       count(distinct v.conta || ':' || v.empreendimento)::int as total_empreendimentos
     from public.vw_vendas_ativas v
     where ${SALES_FILTER}`,
    filter,
  );
  return rows[0]!;
}

/**
 * The same figures from the summary, for a filter without a period ($1 and $2 are null; they
 * stay in the text so the parameters keep their types and positions).
 */
export async function selectKpisFromSummary(db: Queryable, filter: FilterParams): Promise<Kpis> {
  const { rows } = await db.query<Kpis>(
    `select
       coalesce(sum(v.vendas), 0)::int as total_vendas,
       coalesce(sum(v.valor), 0)::numeric(18, 2) as valor_total,
       coalesce(public.ticket_medio(sum(v.valor), coalesce(sum(v.vendas), 0)::bigint), 0)::numeric(18, 2) as ticket_medio,
       coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao_total,
       count(distinct v.conta || ':' || v.corretor)::int as total_corretores,
       count(distinct v.conta || ':' || v.empreendimento)::int as total_empreendimentos
     from public.resumo_vendas_contadas v
     where $1::date is null and $2::date is null
       and ${WHO_FILTER}`,
    filter,
  );
  return rows[0]!;
}

/**
 * The same figures from one row an account, for a filter of accounts only ($1 to $6 are null).
 * Brokers and projects are distinct within an account, so the accounts' counts add up.
 */
export async function selectKpisFromAccountSummary(db: Queryable, filter: FilterParams): Promise<Kpis> {
  const { rows } = await db.query<Kpis>(
    `select
       coalesce(sum(v.vendas), 0)::int as total_vendas,
       coalesce(sum(v.valor), 0)::numeric(18, 2) as valor_total,
       coalesce(public.ticket_medio(sum(v.valor), coalesce(sum(v.vendas), 0)::bigint), 0)::numeric(18, 2) as ticket_medio,
       coalesce(sum(v.comissao_valor), 0)::numeric(18, 2) as comissao_total,
       coalesce(sum(v.corretores), 0)::int as total_corretores,
       coalesce(sum(v.empreendimentos), 0)::int as total_empreendimentos
     from public.resumo_vendas_contadas_conta v
     where $1::date is null and $2::date is null and $3::bigint is null and $4::text is null
       and $5::bigint is null and $6::text is null
       and ${accountFilter('v')}`,
    filter,
  );
  return rows[0]!;
}
