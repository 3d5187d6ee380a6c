// The filter fragments every funnel query shares. The cohort ("safra") is read on the lead: its
// registration date, its project and its broker. Parameters take $1..$7 in the order of
// filterParams (sales-filter.ts); a query's own parameters start at $8.
//
// Inactive leads (ativo = 'N') never count, whether or not the bi load keeps them.
import { accountFilter } from './sales-filter.ts';

/** Leads registered in the period, with the project and broker filter on the lead. */
export const COHORT_FILTER = `l.ativo is distinct from 'N'
  and ($1::date is null or l.data_lead >= $1::date)
  and ($2::date is null or l.data_lead <= $2::date)
  and ($3::bigint is null or l.idempreendimento = $3::bigint)
  and ($4::text is null or l.empreendimento = $4::text)
  and ($5::bigint is null or l.idcorretor = $5::bigint)
  and ($6::text is null or l.corretor = $6::text)
  and ${accountFilter('l')}`;

/** Project and broker of the lead only (the caller applies its own date column). */
export const LEAD_WHO_FILTER = `l.ativo is distinct from 'N'
  and ($3::bigint is null or l.idempreendimento = $3::bigint)
  and ($4::text is null or l.empreendimento = $4::text)
  and ($5::bigint is null or l.idcorretor = $5::bigint)
  and ($6::text is null or l.corretor = $6::text)
  and ${accountFilter('l')}`;

/**
 * The funnel's counts and medians over the leads `l` of a group. Medians are over the leads that
 * have the figure (percentile_cont skips nulls): an even count averages the two middle values.
 * A sale dated before the lead's registration (negative days) is a data error, left out like a
 * first contact before it.
 */
/** The sold leads whose time to sale enters the median. */
const SALE_DAYS_MEASURED = 'l.tem_venda and l.dias_ate_venda >= 0';

/** How many leads the median of days to sale is over: the base the dashboard states. */
export const SALE_DAYS_BASE = `(count(*) filter (where ${SALE_DAYS_MEASURED}))::int as leads_com_venda_medidos`;

export const COHORT_FIGURES = `count(*)::int as leads,
  (count(*) filter (where l.tem_visita))::int as visitas,
  (count(*) filter (where l.tem_reserva))::int as reservas,
  (count(*) filter (where l.tem_venda))::int as vendas,
  round((percentile_cont(0.5) within group (order by l.dias_ate_venda::float8) filter (where ${SALE_DAYS_MEASURED}))::numeric, 1)
    as dias_ate_venda_mediana,
  round((percentile_cont(0.5) within group (order by l.horas_primeiro_atendimento::float8))::numeric, 2)
    as horas_primeiro_atendimento_mediana`;

export interface CohortCounts {
  leads: number;
  visitas: number;
  reservas: number;
  vendas: number;
  dias_ate_venda_mediana: number | null;
  horas_primeiro_atendimento_mediana: number | null;
}
