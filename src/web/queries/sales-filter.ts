// The fragments every sales query shares. A sale "counts" exactly as in public.vw_vendas_ativas;
// the predicate is spelled like the partial index vendas_contadas_idx so the planner can use it.
// Filter parameters always take $1..$6, in this order; a query's own parameters start at $7.
import type { Filters } from '../params.ts';

export const COUNTED_SALE = `v.ativo = 'S' and v.data_venda is not null and v.valor > 0 and v.situacao is distinct from 'Distrato'`;

/**
 * Every sale that was signed, including those later undone by a distrato: the base of "vendas
 * líquidas" (sales minus distratos, each distrato in the month it happened).
 */
export const SIGNED_SALE = `v.ativo = 'S' and v.data_venda is not null and v.valor > 0`;

/** Period on data_venda, project and broker (each a name or an id). */
export const SALES_FILTER = `($1::date is null or v.data_venda >= $1::date)
  and ($2::date is null or v.data_venda <= $2::date)
  and ($3::bigint is null or v.empreendimento_id = $3::bigint)
  and ($4::text is null or v.empreendimento = $4::text)
  and ($5::bigint is null or v.corretor_id = $5::bigint)
  and ($6::text is null or v.corretor = $6::text)`;

/** Project and broker only (the caller applies its own date column). */
export const WHO_FILTER = `($3::bigint is null or v.empreendimento_id = $3::bigint)
  and ($4::text is null or v.empreendimento = $4::text)
  and ($5::bigint is null or v.corretor_id = $5::bigint)
  and ($6::text is null or v.corretor = $6::text)`;

export type FilterParams = [string | null, string | null, number | null, string | null, number | null, string | null];

export function filterParams(filters: Pick<Filters, 'de' | 'ate' | 'project' | 'broker'>): FilterParams {
  return [filters.de, filters.ate, filters.project.id, filters.project.name, filters.broker.id, filters.broker.name];
}
