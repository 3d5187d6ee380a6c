// Known rows of the bi star schema for the funnel tests, written straight into bi.fato_leads,
// bi.fato_visitas and bi.fato_reservas (the load that fills them is tested on its own), so every
// funnel figure can be computed by hand. "Today" is 2025-03-15 (test/web/fixtures.ts).
//
// The March period used by the tests is 2025-03-01..2025-03-10. Its cohort is leads 1001, 1002,
// 1003, 1004 and 1008 (1005 is the day before, 1006 the day after, 1007 is inactive):
//   1001 Site/Google, Aurora, Carlos: visit, two reservations (R1 and R2), sale R2 after 5 days, 2 h
//   1002 Site/Instagram, Aurora, Ana: visit, reservation R3 whose sale a distrato undid, 4 h
//   1003 no origin, Parque, Carlos: lost (Preço) and won back, then sale R4 after 7 days, no interaction
//   1004 Portal/Google, Parque, Ana: visit, lost (Preço), 10 h
//   1008 Site, Aurora, no broker: lost with no reason on the period's last day, 6 h
//
// Visit 508 (of inactive lead 1007) and 509 (of lead 1999, deleted: not in bi.fato_leads) are done
// in the period but never count: the load keeps visits of leads that don't count.
//
// FEBRUARY_SALES (2025-02-10..2025-02-11) holds three sold leads for the median of days to sale:
// 3001 sold 3 days before its registration (a data error), 3002 after 4 days, 3003 without days.
import type { Queryable } from '../../src/db/database.ts';

export const MARCH = 'de=2025-03-01&ate=2025-03-10';

export const AURORA = { id: 1, nome: 'Residencial Aurora' };
export const PARQUE = { id: 2, nome: 'Vista do Parque' };
export const CARLOS = { id: 11, nome: 'Carlos Lima', imobiliaria: 'Imobiliária Sol' };
export const ANA = { id: 12, nome: 'Ana Prado', imobiliaria: 'Imobiliária Lua' };

interface Lead {
  id: number;
  cad: string;
  ativo?: 'S' | 'N';
  origem?: string;
  midia?: string;
  project: { id: number; nome: string };
  broker: { id: number; nome: string; imobiliaria: string } | null;
  horas?: number | null;
  visitas?: number;
  reservas?: number;
  venda?: { data: string; dias: number | null; valor: number } | null;
  perda?: { data: string; motivo: string | null } | null;
  reativacao?: string | null;
}

const LEADS: readonly Lead[] = [
  { id: 1001, cad: '2025-03-01 09:00:00', origem: 'Site', midia: 'Google', project: AURORA, broker: CARLOS, horas: 2, visitas: 1, reservas: 2,
    venda: { data: '2025-03-06', dias: 5, valor: 500000 } },
  { id: 1002, cad: '2025-03-10 20:00:00', origem: 'Site', midia: 'Instagram', project: AURORA, broker: ANA, horas: 4, visitas: 2, reservas: 1 },
  { id: 1003, cad: '2025-03-05 10:00:00', project: PARQUE, broker: CARLOS, horas: null, reservas: 1,
    venda: { data: '2025-03-12', dias: 7, valor: 300000 }, perda: { data: '2025-03-06 11:00:00', motivo: 'Preço' }, reativacao: '2025-03-08 09:00:00' },
  { id: 1004, cad: '2025-03-07 08:00:00', origem: 'Portal', midia: 'Google', project: PARQUE, broker: ANA, horas: 10, visitas: 1,
    perda: { data: '2025-03-09 15:00:00', motivo: 'Preço' } },
  { id: 1005, cad: '2025-02-28 23:00:00', origem: 'Site', project: AURORA, broker: CARLOS, horas: 1, reservas: 1,
    venda: { data: '2025-03-01', dias: 1, valor: 250000 }, perda: { data: '2025-03-02 10:00:00', motivo: 'Sem interesse' } },
  { id: 1006, cad: '2025-03-11 00:00:00', origem: 'Portal', project: AURORA, broker: ANA, horas: null,
    perda: { data: '2025-03-11 09:00:00', motivo: 'Preço' } },
  { id: 1007, cad: '2025-03-03 12:00:00', ativo: 'N', origem: 'Site', project: AURORA, broker: CARLOS, horas: 3, visitas: 1,
    perda: { data: '2025-03-05 12:00:00', motivo: 'Preço' } },
  { id: 1008, cad: '2025-03-08 14:00:00', origem: 'Site', project: AURORA, broker: null, horas: 6,
    perda: { data: '2025-03-10 18:30:00', motivo: null } },
];

// A January of losses with more reasons than the top ten: "Motivo 12" twice, eleven others once.
const JANUARY_LOSSES: readonly Lead[] = Array.from({ length: 13 }, (_, i) => ({
  id: 2001 + i, cad: '2025-01-02 10:00:00', origem: 'Site', project: AURORA, broker: ANA,
  perda: { data: `2025-01-${String(10 + (i % 5)).padStart(2, '0')} 10:00:00`, motivo: `Motivo ${String(i < 12 ? i + 1 : 12).padStart(2, '0')}` },
}));

export const FEBRUARY_SALES = 'de=2025-02-10&ate=2025-02-11';

const FEBRUARY_SOLD: readonly Lead[] = [
  { id: 3001, cad: '2025-02-10 09:00:00', origem: 'Site', project: PARQUE, broker: ANA, venda: { data: '2025-02-07', dias: -3, valor: 200000 } },
  { id: 3002, cad: '2025-02-10 10:00:00', origem: 'Site', project: PARQUE, broker: ANA, venda: { data: '2025-02-14', dias: 4, valor: 200000 } },
  { id: 3003, cad: '2025-02-11 10:00:00', origem: 'Site', project: PARQUE, broker: ANA, venda: { data: '2025-02-20', dias: null, valor: 200000 } },
];

interface Visit { id: number; lead: number; data: string | null; ativo?: 'S' | 'N'; project: { id: number; nome: string }; broker: { id: number; nome: string } }

const VISITS: readonly Visit[] = [
  { id: 501, lead: 1001, data: '2025-03-02', project: AURORA, broker: CARLOS },
  { id: 502, lead: 1002, data: '2025-03-10', project: AURORA, broker: ANA },
  { id: 503, lead: 1004, data: '2025-03-01', project: PARQUE, broker: ANA },
  { id: 504, lead: 1005, data: '2025-03-04', project: AURORA, broker: CARLOS },
  { id: 505, lead: 1003, data: null, project: PARQUE, broker: CARLOS },
  { id: 506, lead: 1002, data: '2025-03-11', project: AURORA, broker: ANA },
  { id: 507, lead: 1007, data: '2025-03-05', ativo: 'N', project: AURORA, broker: CARLOS },
  { id: 508, lead: 1007, data: '2025-03-06', project: AURORA, broker: CARLOS },
  { id: 509, lead: 1999, data: '2025-03-07', project: PARQUE, broker: ANA },
];

interface Reservation {
  id: number; reserva: string; venda: string | null; distrato: string | null; ativo: 'S' | 'N'; ehVenda: boolean;
  project: { id: number; nome: string }; broker: { id: number; nome: string };
}

const RESERVATIONS: readonly Reservation[] = [
  { id: 901, reserva: '2025-03-02', venda: null, distrato: null, ativo: 'S', ehVenda: false, project: AURORA, broker: CARLOS },
  { id: 902, reserva: '2025-03-03', venda: '2025-03-06', distrato: null, ativo: 'S', ehVenda: true, project: AURORA, broker: CARLOS },
  { id: 903, reserva: '2025-03-10', venda: '2025-03-10', distrato: '2025-03-12', ativo: 'S', ehVenda: false, project: AURORA, broker: ANA },
  { id: 904, reserva: '2025-03-08', venda: '2025-03-12', distrato: null, ativo: 'S', ehVenda: true, project: PARQUE, broker: CARLOS },
  { id: 905, reserva: '2025-03-04', venda: null, distrato: null, ativo: 'N', ehVenda: false, project: PARQUE, broker: ANA },
  { id: 906, reserva: '2025-02-25', venda: '2025-03-01', distrato: null, ativo: 'S', ehVenda: true, project: AURORA, broker: CARLOS },
];

async function insertLead(db: Queryable, l: Lead): Promise<void> {
  const visitas = l.visitas ?? 0;
  const reservas = l.reservas ?? 0;
  const horas = l.horas ?? null;
  await db.query(
    `insert into bi.fato_leads (idlead, data_cad, data_lead, ativo, situacao, origem, midia, idempreendimento, empreendimento,
       idcorretor, corretor, imobiliaria, data_primeira_interacao_corretor, horas_primeiro_atendimento,
       tem_visita, visitas, tem_reserva, reservas, tem_venda, data_primeira_venda, dias_ate_venda, vendas, valor_vendas,
       perdido, data_perda, motivo_perda, reativado, data_reativacao)
     values ($1, $2::timestamp, $2::date, $3, 'Em atendimento', $4, $5, $6, $7, $8, $9, $10,
       case when $11::numeric is null then null else $2::timestamp + make_interval(hours => $11::int) end, $11,
       $12 > 0, $12, $13 > 0, $13, $14::date is not null, $14::date, $15, case when $14::date is null then 0 else 1 end, $16,
       $17::timestamp is not null, $17::timestamp, $18, $19::timestamp is not null, $19::timestamp)`,
    [l.id, l.cad, l.ativo ?? 'S', l.origem ?? 'Não informado', l.midia ?? 'Não informado', l.project.id, l.project.nome,
      l.broker?.id ?? null, l.broker?.nome ?? null, l.broker?.imobiliaria ?? null, horas,
      visitas, reservas, l.venda?.data ?? null, l.venda?.dias ?? null, l.venda?.valor ?? 0,
      l.perda?.data ?? null, l.perda === undefined || l.perda === null ? null : l.perda.motivo ?? 'Não informado', l.reativacao ?? null],
  );
}

/** Writes the funnel's known rows (see the header of this file). */
export async function seedFunnel(db: Queryable): Promise<void> {
  for (const lead of [...LEADS, ...JANUARY_LOSSES, ...FEBRUARY_SOLD]) await insertLead(db, lead);
  for (const v of VISITS) {
    await db.query(
      `insert into bi.fato_visitas (idtarefa, idlead, data_cad, data_conclusao, data_visita, realizada, ativo,
         idempreendimento, empreendimento, idresponsavel, responsavel)
       values ($1, $2, '2025-02-20 10:00:00', $3::timestamp, $3::date, $3::date is not null, $4, $5, $6, $7, $8)`,
      [v.id, v.lead, v.data, v.ativo ?? 'S', v.project.id, v.project.nome, v.broker.id, v.broker.nome],
    );
  }
  for (const r of RESERVATIONS) {
    await db.query(
      `insert into bi.fato_reservas (idreserva, data_cad, data_reserva, data_venda, data_distrato, ativo, situacao, eh_venda, eh_distrato,
         idempreendimento, empreendimento, idcorretor, corretor, midia, valor_contrato, leads)
       values ($1, $2::timestamp, $2::date, $3::date, $4::date, $5, case when $4::date is null then 'Vendida' else 'Distrato' end, $6, $4::date is not null,
         $7, $8, $9, $10, 'Não informado', 100000, 1)`,
      [r.id, r.reserva, r.venda, r.distrato, r.ativo, r.ehVenda, r.project.id, r.project.nome, r.broker.id, r.broker.nome],
    );
  }
}
