// Hand-written CVDW records for the bi tests, and the loading of a page the way the sync does
// it (mapPage → readPageBefore → mirror upsert → refreshAfterPage in one transaction), for one
// account (principal unless told).
import { PRINCIPAL_ACCOUNT } from '../../src/config-accounts.ts';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import { readPageBefore, refreshAfterDeletion, refreshAfterPage } from '../../src/sync/business-refresh.ts';
import { mapPage } from '../../src/sync/map-page.ts';
import { startRun } from '../../src/sync/queries/runs.ts';
import { markUnseenDeleted, upsertMirrorRows } from '../../src/db/queries/mirror.ts';

export type Rec = Record<string, unknown>;

/** Loads one page of `resource` into `conta` as a sync run does; returns the run id. */
export async function loadPage(
  db: Database, resource: string, records: readonly Rec[], mode: 'incremental' | 'full' = 'incremental', conta: string = PRINCIPAL_ACCOUNT,
): Promise<number> {
  const spec = getResource(resource);
  const runId = await startRun(db, conta, spec.name, mode, 'test', process.pid);
  const page = mapPage(spec, records, { storage: 'full' });
  await db.transaction(async (tx) => {
    const mirrorBefore = await readPageBefore(tx, conta, spec, page.rows);
    await upsertMirrorRows(tx, conta, spec, page.rows, runId);
    await refreshAfterPage(tx, conta, spec, page.rows, mirrorBefore);
  });
  return runId;
}

/** A full read of `conta` that saw only `seen`: what it did not see is deleted upstream, as the sync marks it. */
export async function fullReadDeleting(db: Database, resource: string, seen: readonly Rec[], conta: string = PRINCIPAL_ACCOUNT): Promise<string[]> {
  const spec = getResource(resource);
  const runId = await loadPage(db, resource, seen, 'full', conta);
  return db.transaction(async (tx) => {
    const gone = await markUnseenDeleted(tx, conta, spec, runId);
    await refreshAfterDeletion(tx, conta, spec, gone);
    return gone;
  });
}

const at = (day: string) => `${day} 08:00:00`;

export const EMPREENDIMENTOS: Rec[] = [
  { idempreendimento: 10, nome: 'Residencial Aurora', cidade: 'Curitiba', estado: 'PR' },
];

function lead(idlead: number, fields: Rec): Rec {
  return {
    referencia: String(idlead), referencia_data: at('2025-03-01'), ativo: 'S', idlead, situacao: 'Em atendimento',
    data_cad: '2025-03-01 09:00:00', idcorretor: 7, corretor: 'Ana Lima', idimobiliaria: 3, imobiliaria: 'Imobiliária Centro',
    ...fields,
  };
}

export const LEADS: Rec[] = [
  // Two reservations, one sold; a first interaction 2.5 h after the registration.
  lead(101, {
    origem: 'Facebook', midia_original: 'Anúncio', data_cad: '2025-03-03 10:00:00',
    data_primeira_interacao_corretor: '2025-03-03 12:30:00', idempreendimento_ultimo: 10, empreendimento_ultimo: 'Aurora (lead)',
  }),
  // No origin; the first interaction before the registration (a clock error): no time.
  lead(102, {
    origem: '  ', data_cad: '2025-03-05 09:00:00', data_primeira_interacao_corretor: '2025-03-05 08:00:00',
    idempreendimento: '11, 12', empreendimento: 'Torre Sul', idcorretor: 8, corretor: 'Bruno Dias', idimobiliaria: 4, imobiliaria: 'Imobiliária Norte',
  }),
  // Lost, won back, and then sold.
  lead(103, { origem: 'Site', midia_original: 'Google', data_cad: '2025-03-06 11:00:00', motivo_cancelamento: 'Sem renda', motivo: 'Outro' }),
  // Its only reservation is inactive; lost with only a motivo.
  lead(104, { origem: 'Site', data_cad: '2025-03-07 15:00:00', motivo_cancelamento: '', motivo: 'Desistiu' }),
  // Lost with no reason at all.
  lead(105, { origem: 'Facebook', data_cad: '2025-03-08 15:00:00' }),
  // Inactive: does not count.
  lead(106, { origem: 'Site', ativo: 'N', data_cad: '2025-03-09 15:00:00' }),
];

function visit(idtarefa: number, idlead: number, fields: Rec): Rec {
  return {
    referencia: String(idtarefa), referencia_data: at('2025-03-12'), ativo: 'S', idtarefa, idlead, data_cad: '2025-03-04 10:00:00',
    situacao: 'Agendada', nome_tipo_visita: 'Presencial', visita_virtual: 'N', idempreendimento: 10,
    nome_empreendimento: 'Residencial Aurora', idresponsavel: 7, responsavel: 'Ana Lima', ...fields,
  };
}

export const VISITAS: Rec[] = [
  visit(501, 101, { data: '2025-03-10 14:00:00', data_conclusao: '2025-03-10 15:00:00', situacao: 'Concluída' }),
  visit(502, 101, { data: '2025-03-14 14:00:00', data_conclusao: '2025-03-14 15:30:00', situacao: 'Concluída' }),
  visit(503, 101, { data: '2025-03-20 14:00:00' }),
  visit(504, 102, { data: '2025-03-11 10:00:00', data_conclusao: '2025-03-11 11:00:00', situacao: 'Concluída', ativo: 'N' }),
  visit(505, 103, { data: '2025-03-12 10:00:00', data_conclusao: '2025-03-12 11:00:00', situacao: 'Concluída' }),
];

export const PERDAS: Rec[] = [
  { referencia: '701', referencia_data: at('2025-03-15'), ativo: 'S', idlead_reativacao: 701, idlead: 103, data_perda: '2025-03-15 10:00:00' },
  { referencia: '702', referencia_data: at('2025-03-16'), ativo: 'S', idlead_reativacao: 702, idlead: 104, data_perda: '2025-03-16 10:00:00' },
  { referencia: '703', referencia_data: at('2025-03-17'), ativo: 'S', idlead_reativacao: 703, idlead: 105, data_perda: '2025-03-17 10:00:00' },
  { referencia: '704', referencia_data: at('2025-03-18'), ativo: 'S', idlead_reativacao: 704, idlead: 105, data_perda: '2025-03-18 10:00:00' },
];

export const GANHOS: Rec[] = [
  { referencia: '801', referencia_data: at('2025-03-25'), ativo: 'S', idlead_reativacao: 801, idlead: 103, data_ganho: '2025-03-25 10:00:00' },
];

function reserva(idreserva: number, fields: Rec): Rec {
  return {
    referencia: String(idreserva), referencia_data: at('2025-04-12'), ativo: 'S', idreserva, situacao: 'Em análise',
    data_cad: '2025-03-18 10:00:00', idempreendimento: 10, empreendimento: 'Residencial Aurora', idunidade: 900 + idreserva % 100,
    idcorretor: 7, corretor: 'Ana Lima', idimobiliaria: 3, imobiliaria: 'Imobiliária Centro', midia: 'Facebook',
    tipovenda: 'Financiamento', idtime: 5, nome_time: 'Time Alfa', valor_contrato: 250000, ...fields,
  };
}

export const RESERVAS: Rec[] = [
  reserva(301, { idlead: '101', data_cad: '2025-03-18 10:00:00', data_venda: '2025-03-20 16:00:00', situacao: 'Vendida', valor_contrato: 300000, valor_financiamento: 200000 }),
  reserva(302, { idlead: '101', data_cad: '2025-03-19 10:00:00', midia: '' }),
  // Two leads and an id with no lead behind it.
  reserva(303, { idlead: '102, 103,999999', data_cad: '2025-03-28 10:00:00', data_venda: '2025-04-01 10:00:00', situacao: 'Vendida', valor_contrato: 280000 }),
  reserva(304, { idlead: '103', data_cad: '2025-04-02 10:00:00', data_venda: '2025-04-10 10:00:00', situacao: 'Vendida', valor_contrato: 260000, idcorretor: 8, corretor: 'Bruno Dias', idimobiliaria: 4, imobiliaria: 'Imobiliária Norte', idtime: null, nome_time: null }),
  reserva(305, { idlead: '104', ativo: 'N', data_cad: '2025-03-21 10:00:00' }),
];

/** The sale of 303 undone: a later version of the same record. */
export const DISTRATO: Rec[] = [
  reserva(303, {
    idlead: '102, 103,999999', referencia_data: at('2025-05-02'), data_cad: '2025-03-28 10:00:00', data_venda: '2025-04-01 10:00:00',
    situacao: 'Distrato', data_cancelamento: '2025-05-02 09:00:00', valor_contrato: 280000,
  }),
];

export const COMISSOES: Rec[] = [
  { referencia: '601', referencia_data: at('2025-03-21'), ativo: 'S', idcomissao: 601, idreserva: 301, situacao: 'Paga', corretor: 'Ana Lima', valor_contrato: 300000, porcentagem_comissao: 3, valor_comissao: 9000, data_cad: '2025-03-21 10:00:00', data_pagamento: '2025-04-05 10:00:00' },
  { referencia: '602', referencia_data: at('2025-03-21'), ativo: 'N', idcomissao: 602, idreserva: 301, situacao: 'Cancelada', valor_comissao: 500, data_cad: '2025-03-21 10:00:00' },
  { referencia: '603', referencia_data: at('2025-04-11'), ativo: 'S', idcomissao: 603, idreserva: 304, situacao: 'A pagar', valor_comissao: 7800, data_cad: '2025-04-11 10:00:00' },
];

/** Every page in the order a default sync reads them, then the distrato. */
export const PAGES: ReadonlyArray<readonly [string, Rec[]]> = [
  ['reservas', RESERVAS], ['comissoes', COMISSOES], ['empreendimentos', EMPREENDIMENTOS], ['leads', LEADS],
  ['leads/visitas', VISITAS], ['leads/perdas', PERDAS], ['leads/ganhos', GANHOS], ['reservas', DISTRATO],
];

/** One account's bi tables as rows without their refresh time and account, in key order. */
export async function biContents(db: Queryable, conta: string = PRINCIPAL_ACCOUNT): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    fato_leads: 'idlead', fato_visitas: 'idtarefa', fato_reservas: 'idreserva', fato_comissoes: 'referencia',
    ponte_lead_reserva: 'idlead, idreserva', dim_corretor: 'idcorretor', dim_origem: 'origem',
  };
  const result: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    const { rows } = await db.query<{ row: unknown }>(
      `select to_jsonb(t) - 'atualizado_em' - 'conta' as row from bi.${table} t where t.conta = $1 order by ${key}`, [conta]);
    result[table] = rows.map((r) => r.row);
  }
  return result;
}
