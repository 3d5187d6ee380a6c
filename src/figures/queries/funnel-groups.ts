// The cohort's funnel per origin, media, broker or project. A lead without the group falls in
// "Não informado"; rows are sorted by leads (most first), then by name.
import type { Queryable } from '../../db/database.ts';
import { COHORT_FIGURES, COHORT_FILTER, type CohortCounts } from './funnel-filter.ts';
import type { FilterParams } from './sales-filter.ts';

// The name of a broker or project as its most recent lead carries it: one id, one name.
const latest = (column: string) =>
  `(array_agg(nullif(trim(l.${column}), '') order by l.data_cad desc nulls last, l.idlead desc)
     filter (where nullif(trim(l.${column}), '') is not null))[1]`;

export type OriginRow = { conta: string; origem: string } & CohortCounts;
export type MediaRow = { conta: string; midia: string } & CohortCounts;
export type BrokerFunnelRow = { conta: string; idcorretor: number | null; corretor: string; imobiliaria: string | null } & CohortCounts;
export type ProjectFunnelRow = { conta: string; idempreendimento: number | null; empreendimento: string } & CohortCounts;

export async function selectCohortByOrigin(db: Queryable, filter: FilterParams): Promise<OriginRow[]> {
  const { rows } = await db.query<OriginRow>(
    `select l.conta, coalesce(nullif(trim(l.origem), ''), 'Não informado') as origem, ${COHORT_FIGURES}
     from bi.fato_leads l
     where ${COHORT_FILTER}
     group by 1, 2
     order by leads desc, origem, l.conta`,
    filter,
  );
  return rows;
}

export async function selectCohortByMedia(db: Queryable, filter: FilterParams): Promise<MediaRow[]> {
  const { rows } = await db.query<MediaRow>(
    `select l.conta, coalesce(nullif(trim(l.midia), ''), 'Não informado') as midia, ${COHORT_FIGURES}
     from bi.fato_leads l
     where ${COHORT_FILTER}
     group by 1, 2
     order by leads desc, midia, l.conta`,
    filter,
  );
  return rows;
}

/** A page of brokers, with how many brokers the cohort has in all. */
export async function selectCohortByBroker(
  db: Queryable, filter: FilterParams, page: { limit: number; offset: number },
): Promise<{ rows: BrokerFunnelRow[]; total: number }> {
  const { rows } = await db.query<BrokerFunnelRow & { total: number }>(
    `select l.conta, l.idcorretor,
       coalesce(${latest('corretor')}, 'Não informado') as corretor,
       ${latest('imobiliaria')} as imobiliaria,
       ${COHORT_FIGURES},
       (count(*) over ())::int as total
     from bi.fato_leads l
     where ${COHORT_FILTER}
     group by l.conta, l.idcorretor, case when l.idcorretor is null then coalesce(nullif(trim(l.corretor), ''), 'Não informado') end
     order by leads desc, corretor, l.idcorretor nulls last, l.conta
     limit $8::int offset $9::int`,
    [...filter, page.limit, page.offset],
  );
  const total = rows[0]?.total ?? (page.offset > 0 ? await countBrokers(db, filter) : 0);
  return { rows: rows.map(({ total: _total, ...row }) => row), total };
}

async function countBrokers(db: Queryable, filter: FilterParams): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    `select count(distinct l.conta || ':' || coalesce(l.idcorretor::text, 'nome:' || coalesce(nullif(trim(l.corretor), ''), 'Não informado')))::int as total
     from bi.fato_leads l
     where ${COHORT_FILTER}`,
    filter,
  );
  return rows[0]!.total;
}

export async function selectCohortByProject(db: Queryable, filter: FilterParams): Promise<ProjectFunnelRow[]> {
  const { rows } = await db.query<ProjectFunnelRow>(
    `select l.conta, l.idempreendimento,
       coalesce(${latest('empreendimento')}, 'Não informado') as empreendimento,
       ${COHORT_FIGURES}
     from bi.fato_leads l
     where ${COHORT_FILTER}
     group by l.conta, l.idempreendimento, case when l.idempreendimento is null then coalesce(nullif(trim(l.empreendimento), ''), 'Não informado') end
     order by leads desc, empreendimento, l.idempreendimento nulls last, l.conta`,
    filter,
  );
  return rows;
}
