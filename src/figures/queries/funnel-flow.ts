// "Fluxo do período": each funnel event counted by its own date in the period, whatever the
// lead's registration date. Leads and their project/broker filter as in the cohort; visits on
// the visit's project and responsible broker; reservations and sales on the reservation's (so
// the sales equal the sales figures' count for the same filter). A visit counts only when its lead
// counts (is in bi.fato_leads and active): the load keeps visits of inactive or deleted leads,
// which the leads step leaves out.
import type { Queryable } from '../../db/database.ts';
import { COHORT_FILTER } from './funnel-filter.ts';
import { accountFilter, type FilterParams } from './sales-filter.ts';

export interface FlowCounts {
  leads: number;
  visitas: number;
  reservas: number;
  vendas: number;
}

const RESERVATION_WHO = `($3::bigint is null or r.idempreendimento = $3::bigint)
  and ($4::text is null or r.empreendimento = $4::text)
  and ($5::bigint is null or r.idcorretor = $5::bigint)
  and ($6::text is null or r.corretor = $6::text)
  and ${accountFilter('r')}`;

export async function selectFlow(db: Queryable, filter: FilterParams): Promise<FlowCounts> {
  const { rows } = await db.query<FlowCounts>(
    `select
       (select count(*) from bi.fato_leads l where ${COHORT_FILTER})::int as leads,
       (select count(*) from bi.fato_visitas v
         where v.realizada and v.ativo is distinct from 'N'
           and exists (select 1 from bi.fato_leads l where l.conta = v.conta and l.idlead = v.idlead and l.ativo is distinct from 'N')
           and ($1::date is null or v.data_visita >= $1::date)
           and ($2::date is null or v.data_visita <= $2::date)
           and ($3::bigint is null or v.idempreendimento = $3::bigint)
           and ($4::text is null or v.empreendimento = $4::text)
           and ($5::bigint is null or v.idresponsavel = $5::bigint)
           and ($6::text is null or v.responsavel = $6::text)
           and ${accountFilter('v')})::int as visitas,
       (select count(*) from bi.fato_reservas r
         where r.ativo = 'S'
           and ($1::date is null or r.data_reserva >= $1::date)
           and ($2::date is null or r.data_reserva <= $2::date)
           and ${RESERVATION_WHO})::int as reservas,
       (select count(*) from bi.fato_reservas r
         where r.eh_venda
           and ($1::date is null or r.data_venda >= $1::date)
           and ($2::date is null or r.data_venda <= $2::date)
           and ${RESERVATION_WHO})::int as vendas`,
    filter,
  );
  return rows[0]!;
}
