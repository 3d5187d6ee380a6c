// The filter fragments every sales query shares. What a sale is lives in SQL, not here: counted
// sales are read from public.vw_vendas_ativas and signed sales from public.vw_vendas_assinadas
// (migrations/0015_business_definitions.sql).
// Filter parameters always take $1..$7, in this order ($7: the accounts, null for all); a query's
// own parameters start at $8.
import type { FigureFilter as Filters } from '../filter.ts';

/** Rows of the accounts in `$param` (a text[]), or of every account when it is null. */
export const accountFilter = (alias: string, param = 7): string =>
  `($${param}::text[] is null or ${alias}.conta = any($${param}::text[]))`;

/** Period on data_venda, project and broker (each a name or an id). */
export const SALES_FILTER = `($1::date is null or v.data_venda >= $1::date)
  and ($2::date is null or v.data_venda <= $2::date)
  and ($3::bigint is null or v.empreendimento_id = $3::bigint)
  and ($4::text is null or v.empreendimento = $4::text)
  and ($5::bigint is null or v.corretor_id = $5::bigint)
  and ($6::text is null or v.corretor = $6::text)
  and ${accountFilter('v')}`;

/** Project and broker only (the caller applies its own date column). */
export const WHO_FILTER = `($3::bigint is null or v.empreendimento_id = $3::bigint)
  and ($4::text is null or v.empreendimento = $4::text)
  and ($5::bigint is null or v.corretor_id = $5::bigint)
  and ($6::text is null or v.corretor = $6::text)
  and ${accountFilter('v')}`;

export type FilterParams = [
  string | null, string | null, number | null, string | null, number | null, string | null, readonly string[] | null,
];

export function filterParams(filters: Pick<Filters, 'de' | 'ate' | 'project' | 'broker' | 'contas'>): FilterParams {
  return [filters.de, filters.ate, filters.project.id, filters.project.name, filters.broker.id, filters.broker.name, filters.contas];
}
