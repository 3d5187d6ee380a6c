// The business tables and the original system's views, derived from hand-written mirror rows
// whose every expected figure is computed by hand below.
import { beforeAll, describe, expect, it } from 'vitest';
import { getResource, type ResourceSpec } from '../../src/cvdw/catalog/index.ts';
import type { Queryable } from '../../src/db/database.ts';
import { PRINCIPAL_ACCOUNT as P } from '../../src/config-accounts.ts';
import {
  columnOfAccountRows, refreshEmpreendimentos, refreshUnidades, refreshVendas, snapshotUnitStates,
} from '../../src/db/queries/refresh-business.ts';
import { mapRecord, type MirrorRow } from '../../src/sync/map-record.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { markUnseenDeleted, upsertMirrorRows } from '../../src/db/queries/mirror.ts';

const RESERVAS = getResource('reservas');
const COMISSOES = getResource('comissoes');
const UNIDADES = getResource('unidades');
const EMPREENDIMENTOS = getResource('empreendimentos');

/** Today and a day of last month, as dates in Brazil time (what data_venda means). */
const brazilDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' });
const TODAY = brazilDate.format(new Date());
const [YEAR, MONTH] = TODAY.split('-').map(Number) as [number, number];
const CURRENT_MONTH = `${YEAR}-${String(MONTH).padStart(2, '0')}-01`;
const LAST_MONTH_DAY = MONTH === 1 ? `${YEAR - 1}-12-15` : `${YEAR}-${String(MONTH - 1).padStart(2, '0')}-15`;

function mirrorRows(spec: ResourceSpec, records: readonly Record<string, unknown>[]): MirrorRow[] {
  return records.map((record) => {
    const result = mapRecord(spec, record);
    if (!result.ok) throw new Error(`fixture rejected: ${result.reason}`);
    return result.row;
  });
}

const projectRecords = [
  {
    idempreendimento: 10, idempreendimento_int: 'AUR', nome: 'Residencial Aurora', cidade: 'Curitiba', estado: 'PR',
    situacao_comercial: [{ nome: 'Lançamento' }, { nome: 'Pré-lançamento' }], tipo_empreendimento: [{ nome: 'Vertical' }],
    data_cad: '2023-01-10 08:00:00',
  },
  {
    idempreendimento: '20', nome: 'Parque das Flores', cidade: 'S&atilde;o Paulo', estado: 'SP',
    situacao_comercial: [{ nome: 'Em obras' }], tipo_empreendimento: [],
  },
];

const unit = (id: number, project: number, projectName: string, state: number, extra: Record<string, unknown>) => ({
  referencia: String(id), referencia_data: '2024-06-01 10:00:00', idunidade: id, idempreendimento: project,
  nome_empreendimento: projectName, etapa: 'Etapa 1', bloco: 'Torre A', nome: String(id), andar: String(Math.floor(id / 100)),
  tipologia: '2 quartos', situacao_mapa_disponibilidade: state, ...extra,
});

const unitRecords = [
  unit(101, 10, 'Residencial Aurora', 1, { area_privativa: '65,40', vagas_garagem: '1 vaga', valor: 300000 }),
  unit(102, 10, 'Residencial Aurora', 2, { area_privativa: 70.5, vagas_garagem: '2', valor: '310.000,00' }),
  unit(103, 10, 'Residencial Aurora', 3, { area_privativa: '80.00', vagas_garagem: 'Nenhuma', valor: 320000 }),
  unit(104, 10, 'Residencial Aurora', 4, { area_privativa: null, vagas_garagem: null, valor: 330000 }),
  unit(105, 10, 'Residencial Aurora', 5, { area_privativa: 90, vagas_garagem: '3 vagas cobertas', valor: '340000', tipologia: '3 quartos' }),
  unit(201, 20, 'Parque das Flores', 3, { area_privativa: 120, vagas_garagem: '2', valor: 450000, bloco: 'Bloco B', etapa: 'Única' }),
  unit(202, 20, 'Parque das Flores', 1, { area_privativa: 121.25, vagas_garagem: '2', valor: 460000.5, bloco: 'Bloco B', etapa: 'Única' }),
  unit(301, 30, 'Vila Nova', 4, { area_privativa: 45, vagas_garagem: '0', valor: 200000, bloco: 'Casa', etapa: 'Fase 1' }),
];

const reserva = (id: number, fields: Record<string, unknown>) => ({
  referencia: String(id), referencia_data: '2024-06-01 12:00:00', idreserva: id, ativo: 'S', situacao: 'Vendida',
  ...fields,
});

const AURORA = { idempreendimento: 10, empreendimento: 'Residencial Aurora', etapa: 'Etapa 1', bloco: 'Torre A' };
const FLORES = { idempreendimento: 20, empreendimento: 'Parque das Flores', etapa: 'Única', bloco: 'Bloco B' };
const VILA = { idempreendimento: 30, empreendimento: 'Vila Nova', etapa: 'Fase 1', bloco: 'Casa' };

const reservaRecords = [
  // Sold today (Brazil time), commissions split between two brokers plus an inactive one.
  reserva(1001, {
    ...AURORA, idunidade: 103, unidade: '103', idcorretor: 501, corretor: 'Ana Souza', imobiliaria: 'Imobili&aacute;ria Central',
    nome_time: 'Time Alfa', cliente: 'Jo&atilde;o da Silva', email: 'joao@example.com', documento_cliente: '111.222.333-44',
    valor_contrato: 500000, valor_financiamento: 300000, valor_fgts: '20.000,00', valor_subsidio: 10000,
    data_cad: '2024-05-20 09:30:00', data_venda: `${TODAY} 11:15:00`, tipovenda: 'Financiamento', midia: 'Instagram',
  }),
  // Sold last month, paid in cash (no financing series).
  reserva(1002, {
    ...FLORES, idunidade: 201, unidade: '201', idcorretor: 502, corretor: 'Bruno Lima', imobiliaria: 'Própria',
    nome_time: 'Time Beta', cliente: 'Maria Oliveira', email: 'maria@example.com', documento_cliente: '222.333.444-55',
    valor_contrato: '300000.00', valor_financiamento: null, valor_fgts: null, valor_subsidio: null,
    data_cad: '2024-04-02 14:00:00', data_venda: `${LAST_MONTH_DAY} 16:00:00`, tipovenda: 'À vista', midia: 'Google',
  }),
  // Sold, then undone by a distrato: kept in vendas, not counted.
  reserva(1003, {
    ...VILA, idunidade: 301, unidade: '301', idcorretor: 504, corretor: 'Eva Prado', imobiliaria: 'Própria', nome_time: 'Time Gama',
    cliente: 'Rui Alves', email: 'rui@example.com', documento_cliente: '333.444.555-66', situacao: 'Distrato',
    valor_contrato: 400000, data_cad: '2024-03-01 10:00:00', data_venda: '10/03/2024', data_cancelamento: '2024-05-02 12:00:00',
    data_ultima_alteracao_situacao: '2024-05-03 08:00:00', motivo_cancelamento: 'Desist&ecirc;ncia do cliente',
    tipovenda: 'Financiamento', midia: 'Stand',
  }),
  // Sold but deactivated: kept, not counted.
  reserva(1004, {
    ...VILA, idunidade: 301, unidade: '301', idcorretor: 505, corretor: 'Diego Ramos', imobiliaria: 'Própria', nome_time: 'Time Gama',
    cliente: 'Lia Rocha', email: 'lia@example.com', documento_cliente: '444.555.666-77', ativo: 'N',
    valor_contrato: 250000, data_cad: '2024-03-20 10:00:00', data_venda: '2024-04-01 10:00:00', tipovenda: 'Financiamento', midia: 'Google',
  }),
  // Sold at zero value: kept, not counted.
  reserva(1005, {
    ...VILA, idunidade: 301, unidade: '301', idcorretor: 506, corretor: 'Fábio Nunes', imobiliaria: 'Própria', nome_time: 'Time Gama',
    cliente: 'Teo Lima', email: 'teo@example.com', documento_cliente: '555.666.777-88', valor_contrato: 0,
    data_cad: '2024-04-01 10:00:00', data_venda: '2024-04-05 10:00:00', tipovenda: 'Permuta', midia: 'Indicação',
  }),
  // A reservation in progress: no sale yet.
  reserva(1006, {
    ...AURORA, idunidade: 102, unidade: '102', idcorretor: 501, corretor: 'Ana Souza', situacao: 'Em análise',
    cliente: 'Ivo Reis', valor_contrato: 280000, data_cad: '2024-06-01 09:00:00', data_venda: null,
  }),
  // An older counted sale by the same broker, same project.
  reserva(1007, {
    ...AURORA, idunidade: 105, unidade: '105', idcorretor: 501, corretor: 'Ana Souza', imobiliaria: 'Imobiliária Central',
    nome_time: 'Time Alfa', cliente: 'Carlos Pereira', email: 'carlos@example.com', documento_cliente: '666.777.888-99',
    valor_contrato: 200000, valor_financiamento: 150000, valor_fgts: 0, valor_subsidio: 0,
    data_cad: '2024-01-10 10:00:00', data_venda: '2024-01-15 09:00:00', tipovenda: 'Financiamento', midia: 'Indicação',
  }),
  // A counted sale without commissions; later deleted upstream.
  reserva(1008, {
    ...FLORES, idunidade: 202, unidade: '202', idcorretor: 503, corretor: 'Carla Dias', imobiliaria: 'Própria', nome_time: 'Time Beta',
    cliente: 'Paula Costa', email: 'paula@example.com', documento_cliente: '777.888.999-00',
    valor_contrato: 100000, valor_financiamento: 80000, valor_fgts: 5000, valor_subsidio: 5000,
    data_cad: '2024-02-01 10:00:00', data_venda: '2024-02-20 15:30:00', tipovenda: 'Financiamento', midia: 'Stand',
  }),
  // A zero data_venda is no sale.
  reserva(1009, {
    ...AURORA, idunidade: 101, unidade: '101', corretor: 'Ana Souza', valor_contrato: 310000, data_venda: '0000-00-00 00:00:00',
  }),
];

const comissao = (id: number, idreserva: number, corretor: string, valor: unknown, porcentagem: unknown, ativo = 'S') => ({
  referencia: String(id), referencia_data: '2024-06-01 13:00:00', idcomissao: id, idreserva, corretor, ativo,
  situacao: 'Aprovada', valor_comissao: valor, porcentagem_comissao: porcentagem,
});

const comissaoRecords = [
  comissao(9001, 1001, 'Ana Souza', 15000, 3),
  comissao(9002, 1001, 'Bruno Lima', '7.500,00', '1,5'),
  comissao(9003, 1001, 'Gerente Regional', 5000, 1, 'N'),
  comissao(9004, 1002, 'Bruno Lima', 9000, 3),
  comissao(9005, 1007, 'Ana Souza', 6000, 3),
  comissao(9006, 1003, 'Eva Prado', 12000, 3),
];

const ALL_IDRESERVAS = reservaRecords.map((r) => r.idreserva);
const ALL_UNIT_REFS = unitRecords.map((u) => u.referencia);

const sale = (fields: Record<string, unknown>): Record<string, unknown> => ({
  valor_financiamento: null, valor_fgts: null, valor_subsidio: null, data_distrato: null, ativo: 'S', situacao: 'Vendida',
  comissao_valor: 0, comissao_percentual: 0, observacoes: null, atualizado_em: expect.any(Date), ...fields,
});

const EXPECTED_VENDAS = [
  sale({
    cvcrm_id: 1001, reserva_id: 1001, empreendimento_id: 10, empreendimento: 'Residencial Aurora', unidade_id: 103, unidade: '103',
    bloco: 'Torre A', etapa: 'Etapa 1', corretor_id: 501, corretor: 'Ana Souza', imobiliaria: 'Imobiliária Central',
    time_corretor: 'Time Alfa', cliente: 'João da Silva', cliente_email: 'joao@example.com', cliente_documento: '111.222.333-44',
    valor: 500000, valor_financiamento: 300000, valor_fgts: 20000, valor_subsidio: 10000, pro_soluto: 170000,
    data_venda: TODAY, data_registro: '2024-05-20 09:30:00', comissao_valor: 22500, comissao_percentual: 4.5,
    forma_pagamento: 'Financiamento', origem_lead: 'Instagram',
  }),
  sale({
    cvcrm_id: 1002, reserva_id: 1002, empreendimento_id: 20, empreendimento: 'Parque das Flores', unidade_id: 201, unidade: '201',
    bloco: 'Bloco B', etapa: 'Única', corretor_id: 502, corretor: 'Bruno Lima', imobiliaria: 'Própria', time_corretor: 'Time Beta',
    cliente: 'Maria Oliveira', cliente_email: 'maria@example.com', cliente_documento: '222.333.444-55',
    valor: 300000, pro_soluto: 300000, data_venda: LAST_MONTH_DAY, data_registro: '2024-04-02 14:00:00',
    comissao_valor: 9000, comissao_percentual: 3, forma_pagamento: 'À vista', origem_lead: 'Google',
  }),
  sale({
    cvcrm_id: 1003, reserva_id: 1003, empreendimento_id: 30, empreendimento: 'Vila Nova', unidade_id: 301, unidade: '301',
    bloco: 'Casa', etapa: 'Fase 1', corretor_id: 504, corretor: 'Eva Prado', imobiliaria: 'Própria', time_corretor: 'Time Gama',
    cliente: 'Rui Alves', cliente_email: 'rui@example.com', cliente_documento: '333.444.555-66',
    valor: 400000, pro_soluto: 400000, data_venda: '2024-03-10', data_registro: '2024-03-01 10:00:00', data_distrato: '2024-05-02',
    situacao: 'Distrato', comissao_valor: 12000, comissao_percentual: 3, forma_pagamento: 'Financiamento', origem_lead: 'Stand',
    observacoes: 'Desistência do cliente',
  }),
  sale({
    cvcrm_id: 1004, reserva_id: 1004, empreendimento_id: 30, empreendimento: 'Vila Nova', unidade_id: 301, unidade: '301',
    bloco: 'Casa', etapa: 'Fase 1', corretor_id: 505, corretor: 'Diego Ramos', imobiliaria: 'Própria', time_corretor: 'Time Gama',
    cliente: 'Lia Rocha', cliente_email: 'lia@example.com', cliente_documento: '444.555.666-77',
    valor: 250000, pro_soluto: 250000, data_venda: '2024-04-01', data_registro: '2024-03-20 10:00:00', ativo: 'N',
    forma_pagamento: 'Financiamento', origem_lead: 'Google',
  }),
  sale({
    cvcrm_id: 1005, reserva_id: 1005, empreendimento_id: 30, empreendimento: 'Vila Nova', unidade_id: 301, unidade: '301',
    bloco: 'Casa', etapa: 'Fase 1', corretor_id: 506, corretor: 'Fábio Nunes', imobiliaria: 'Própria', time_corretor: 'Time Gama',
    cliente: 'Teo Lima', cliente_email: 'teo@example.com', cliente_documento: '555.666.777-88',
    valor: 0, pro_soluto: 0, data_venda: '2024-04-05', data_registro: '2024-04-01 10:00:00',
    forma_pagamento: 'Permuta', origem_lead: 'Indicação',
  }),
  sale({
    cvcrm_id: 1007, reserva_id: 1007, empreendimento_id: 10, empreendimento: 'Residencial Aurora', unidade_id: 105, unidade: '105',
    bloco: 'Torre A', etapa: 'Etapa 1', corretor_id: 501, corretor: 'Ana Souza', imobiliaria: 'Imobiliária Central',
    time_corretor: 'Time Alfa', cliente: 'Carlos Pereira', cliente_email: 'carlos@example.com', cliente_documento: '666.777.888-99',
    valor: 200000, valor_financiamento: 150000, valor_fgts: 0, valor_subsidio: 0, pro_soluto: 50000,
    data_venda: '2024-01-15', data_registro: '2024-01-10 10:00:00', comissao_valor: 6000, comissao_percentual: 3,
    forma_pagamento: 'Financiamento', origem_lead: 'Indicação',
  }),
  sale({
    cvcrm_id: 1008, reserva_id: 1008, empreendimento_id: 20, empreendimento: 'Parque das Flores', unidade_id: 202, unidade: '202',
    bloco: 'Bloco B', etapa: 'Única', corretor_id: 503, corretor: 'Carla Dias', imobiliaria: 'Própria', time_corretor: 'Time Beta',
    cliente: 'Paula Costa', cliente_email: 'paula@example.com', cliente_documento: '777.888.999-00',
    valor: 100000, valor_financiamento: 80000, valor_fgts: 5000, valor_subsidio: 5000, pro_soluto: 10000,
    data_venda: '2024-02-20', data_registro: '2024-02-01 10:00:00', forma_pagamento: 'Financiamento', origem_lead: 'Stand',
  }),
];

const unitRow = (fields: Record<string, unknown>): Record<string, unknown> => ({ atualizado_em: expect.any(Date), ...fields });

const EXPECTED_UNIDADES = [
  unitRow({ cvcrm_id: 101, empreendimento_id: 10, empreendimento: 'Residencial Aurora', etapa: 'Etapa 1', numero: '101', bloco: 'Torre A',
    andar: '1', tipologia: '2 quartos', metragem: 65.4, vagas_garagem: 1, valor: 300000, status: 'disponivel', situacao_codigo: 1 }),
  unitRow({ cvcrm_id: 102, empreendimento_id: 10, empreendimento: 'Residencial Aurora', etapa: 'Etapa 1', numero: '102', bloco: 'Torre A',
    andar: '1', tipologia: '2 quartos', metragem: 70.5, vagas_garagem: 2, valor: 310000, status: 'reservada', situacao_codigo: 2 }),
  unitRow({ cvcrm_id: 103, empreendimento_id: 10, empreendimento: 'Residencial Aurora', etapa: 'Etapa 1', numero: '103', bloco: 'Torre A',
    andar: '1', tipologia: '2 quartos', metragem: 80, vagas_garagem: null, valor: 320000, status: 'vendida', situacao_codigo: 3 }),
  unitRow({ cvcrm_id: 104, empreendimento_id: 10, empreendimento: 'Residencial Aurora', etapa: 'Etapa 1', numero: '104', bloco: 'Torre A',
    andar: '1', tipologia: '2 quartos', metragem: null, vagas_garagem: null, valor: 330000, status: 'bloqueada', situacao_codigo: 4 }),
  unitRow({ cvcrm_id: 105, empreendimento_id: 10, empreendimento: 'Residencial Aurora', etapa: 'Etapa 1', numero: '105', bloco: 'Torre A',
    andar: '1', tipologia: '3 quartos', metragem: 90, vagas_garagem: 3, valor: 340000, status: 'em_reserva', situacao_codigo: 5 }),
  unitRow({ cvcrm_id: 201, empreendimento_id: 20, empreendimento: 'Parque das Flores', etapa: 'Única', numero: '201', bloco: 'Bloco B',
    andar: '2', tipologia: '2 quartos', metragem: 120, vagas_garagem: 2, valor: 450000, status: 'vendida', situacao_codigo: 3 }),
  unitRow({ cvcrm_id: 202, empreendimento_id: 20, empreendimento: 'Parque das Flores', etapa: 'Única', numero: '202', bloco: 'Bloco B',
    andar: '2', tipologia: '2 quartos', metragem: 121.25, vagas_garagem: 2, valor: 460000.5, status: 'disponivel', situacao_codigo: 1 }),
  unitRow({ cvcrm_id: 301, empreendimento_id: 30, empreendimento: 'Vila Nova', etapa: 'Fase 1', numero: '301', bloco: 'Casa',
    andar: '3', tipologia: '2 quartos', metragem: 45, vagas_garagem: 0, valor: 200000, status: 'bloqueada', situacao_codigo: 4 }),
];

const EXPECTED_EMPREENDIMENTOS = [
  { cvcrm_id: 10, nome: 'Residencial Aurora', cidade: 'Curitiba', estado: 'PR', status: 'Lançamento', tipo: 'Vertical',
    total_unidades: 5, unidades_vendidas: 1, unidades_reservadas: 2, unidades_disponiveis: 1, unidades_bloqueadas: 1,
    vgv_tabela: 1_600_000, atualizado_em: expect.any(Date) },
  { cvcrm_id: 20, nome: 'Parque das Flores', cidade: 'São Paulo', estado: 'SP', status: 'Em obras', tipo: null,
    total_unidades: 2, unidades_vendidas: 1, unidades_reservadas: 0, unidades_disponiveis: 1, unidades_bloqueadas: 0,
    vgv_tabela: 910_000.5, atualizado_em: expect.any(Date) },
  // Known only from its units: the name comes from them, the rest is unknown.
  { cvcrm_id: 30, nome: 'Vila Nova', cidade: null, estado: null, status: null, tipo: null,
    total_unidades: 1, unidades_vendidas: 0, unidades_reservadas: 0, unidades_disponiveis: 0, unidades_bloqueadas: 1,
    vgv_tabela: 200_000, atualizado_em: expect.any(Date) },
];

async function refreshAll(db: Queryable): Promise<number[]> {
  await refreshVendas(db, P, ALL_IDRESERVAS);
  const projects = await refreshUnidades(db, P, ALL_UNIT_REFS);
  await refreshEmpreendimentos(db, P, projects);
  return projects;
}

/** A business table of the single account; every row must be that account's. */
async function table(db: Queryable, name: 'vendas' | 'unidades' | 'empreendimentos'): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<Record<string, unknown>>(`select * from public.${name} order by cvcrm_id`);
  expect(rows.every((r) => r.conta === P)).toBe(true);
  return rows.map(({ conta: _conta, ...rest }) => rest);
}

function withoutTimestamps(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map(({ atualizado_em: _ignored, ...rest }) => rest);
}

describeEachDatabase('business tables and views', (get) => {
  let projectsFromUnits: number[] = [];

  beforeAll(async () => {
    const { db } = get();
    await db.transaction(async (tx) => {
      await upsertMirrorRows(tx, P, EMPREENDIMENTOS, mirrorRows(EMPREENDIMENTOS, projectRecords), 1);
      await upsertMirrorRows(tx, P, UNIDADES, mirrorRows(UNIDADES, unitRecords), 1);
      await upsertMirrorRows(tx, P, RESERVAS, mirrorRows(RESERVAS, reservaRecords), 1);
      await upsertMirrorRows(tx, P, COMISSOES, mirrorRows(COMISSOES, comissaoRecords), 1);
      projectsFromUnits = await refreshAll(tx);
    });
  });

  it('loads the fixtures into the mirror', async () => {
    const count = async (table: string) =>
      (await get().db.query<{ n: number }>(`select count(*)::int as n from cvdw.${table} where deleted_at is null`)).rows[0]?.n;
    expect(await count('reservas')).toBe(reservaRecords.length);
    expect(await count('comissoes')).toBe(comissaoRecords.length);
    expect(await count('unidades')).toBe(unitRecords.length);
    expect(await count('empreendimentos')).toBe(projectRecords.length);
  });

  it('derives one vendas row per sold reservation, every column', async () => {
    expect(await table(get().db, 'vendas')).toEqual(EXPECTED_VENDAS);
  });

  it('derives public.unidades, every column', async () => {
    expect(await table(get().db, 'unidades')).toEqual(EXPECTED_UNIDADES);
  });

  it('tells which projects the refreshed units belong to', () => {
    expect([...projectsFromUnits].sort((a, b) => a - b)).toEqual([10, 20, 30]);
  });

  it('derives public.empreendimentos with unit counts and VGV, every column', async () => {
    expect(await table(get().db, 'empreendimentos')).toEqual(EXPECTED_EMPREENDIMENTOS);
  });

  it('vw_vendas_ativas holds exactly the counted sales', async () => {
    const { rows } = await get().db.query<{ cvcrm_id: number; valor: number; situacao: string }>(
      'select * from public.vw_vendas_ativas order by cvcrm_id',
    );
    expect(rows.map((r) => r.cvcrm_id)).toEqual([1001, 1002, 1007, 1008]);
    // Same columns as the table, same values.
    const counted = EXPECTED_VENDAS.filter((v) => [1001, 1002, 1007, 1008].includes(v.cvcrm_id as number));
    expect(rows).toEqual(counted.map((v) => ({ ...v, conta: P })));
  });

  it('vw_kpis_vendas sums the counted sales only', async () => {
    const { rows } = await get().db.query('select * from public.vw_kpis_vendas');
    expect(rows).toEqual([{
      total_vendas: 4,
      valor_total: 1_100_000, // 500 000 + 300 000 + 200 000 + 100 000
      ticket_medio: 275_000,
      comissao_total: 37_500, // 22 500 + 9 000 + 6 000 + 0
      total_corretores: 3, // Ana, Bruno, Carla
      total_empreendimentos: 2, // Aurora, Flores
    }]);
  });

  it('vw_vendas_mes_atual has one row for the current month in Brazil time', async () => {
    const { rows } = await get().db.query('select * from public.vw_vendas_mes_atual');
    expect(rows).toEqual([{ mes: CURRENT_MONTH, vendas: 1, receita: 500_000, ticket_medio: 500_000 }]);
  });

  it('the _por_conta views give the same figures per account', async () => {
    const { db } = get();
    const kpis = await db.query('select * from public.vw_kpis_vendas_por_conta');
    const [all] = (await db.query('select * from public.vw_kpis_vendas')).rows;
    expect(kpis.rows).toEqual([{ conta: P, ...all }]);
    const month = await db.query('select * from public.vw_vendas_mes_atual_por_conta');
    expect(month.rows).toEqual([{ conta: P, mes: CURRENT_MONTH, vendas: 1, receita: 500_000, ticket_medio: 500_000 }]);
  });

  it('is idempotent: refreshing again changes nothing', async () => {
    const { db } = get();
    const before = await Promise.all([table(db, 'vendas'), table(db, 'unidades'), table(db, 'empreendimentos')]);
    await refreshAll(db);
    await refreshAll(db);
    const after = await Promise.all([table(db, 'vendas'), table(db, 'unidades'), table(db, 'empreendimentos')]);
    expect(after.map(withoutTimestamps)).toEqual(before.map(withoutTimestamps));
    expect(await table(db, 'vendas')).toEqual(EXPECTED_VENDAS);
  });

  it('does nothing for empty key lists', async () => {
    const { db } = get();
    await refreshVendas(db, P, []);
    await refreshEmpreendimentos(db, P, []);
    expect(await refreshUnidades(db, P, [])).toEqual([]);
    expect(await table(db, 'vendas')).toHaveLength(EXPECTED_VENDAS.length);
  });

  it('snapshots today\'s unit states once per day', async () => {
    const { db } = get();
    expect(await snapshotUnitStates(db, P)).toBe(unitRecords.length);
    expect(await snapshotUnitStates(db, P)).toBe(unitRecords.length);
    const { rows } = await db.query<{ snapshot_date: string; idunidade: number; idempreendimento: number; situacao: number }>(
      'select * from etl.unit_snapshots order by idunidade',
    );
    expect(rows).toEqual(EXPECTED_UNIDADES.map((u) => ({
      snapshot_date: TODAY, idunidade: u.cvcrm_id, idempreendimento: u.empreendimento_id, situacao: u.situacao_codigo, conta: P,
    })));
  });

  it('follows changes upstream: a commission deactivated, a zero-valued sale given a value', async () => {
    const { db } = get();
    await upsertMirrorRows(db, P, COMISSOES, mirrorRows(COMISSOES, [comissao(9002, 1001, 'Bruno Lima', '7.500,00', '1,5', 'N')]), 1);
    await upsertMirrorRows(db, P, RESERVAS, mirrorRows(RESERVAS, [{ ...reservaRecords[4]!, valor_contrato: 150000, referencia_data: '2024-06-02 08:00:00' }]), 1);
    await refreshVendas(db, P, [1001, 1005]);
    const { rows } = await db.query<{ cvcrm_id: number; comissao_valor: number; comissao_percentual: number; valor: number; pro_soluto: number }>(
      'select cvcrm_id, comissao_valor, comissao_percentual, valor, pro_soluto from public.vendas where cvcrm_id in (1001, 1005) order by cvcrm_id',
    );
    expect(rows).toEqual([
      { cvcrm_id: 1001, comissao_valor: 15000, comissao_percentual: 3, valor: 500000, pro_soluto: 170000 },
      { cvcrm_id: 1005, comissao_valor: 0, comissao_percentual: 0, valor: 150000, pro_soluto: 150000 },
    ]);
    const kpis = await db.query('select total_vendas, valor_total, comissao_total, total_corretores, total_empreendimentos from public.vw_kpis_vendas');
    expect(kpis.rows).toEqual([{ total_vendas: 5, valor_total: 1_250_000, comissao_total: 30_000, total_corretores: 4, total_empreendimentos: 3 }]);

    // Back to the fixture state for the tests that follow.
    await upsertMirrorRows(db, P, COMISSOES, mirrorRows(COMISSOES, [comissaoRecords[1]!]), 1);
    await upsertMirrorRows(db, P, RESERVAS, mirrorRows(RESERVAS, [reservaRecords[4]!]), 1);
    await refreshVendas(db, P, [1001, 1005]);
    expect(await table(db, 'vendas')).toEqual(EXPECTED_VENDAS);
  });

  it('drops a reservation deleted upstream from vendas and from the figures', async () => {
    const { db } = get();
    // A full read (run 2) that no longer finds reservation 1008.
    const seen = reservaRecords.filter((r) => r.idreserva !== 1008);
    await upsertMirrorRows(db, P, RESERVAS, mirrorRows(RESERVAS, seen), 2);
    const gone = await markUnseenDeleted(db, P, RESERVAS, 2);
    expect(gone).toEqual(['1008']);
    const ids = await columnOfAccountRows(db, P, RESERVAS, 'idreserva', gone);
    expect(ids).toEqual([1008]);
    await refreshVendas(db, P, ids);

    expect(await table(db, 'vendas')).toEqual(EXPECTED_VENDAS.filter((v) => v.cvcrm_id !== 1008));
    const ativas = await db.query<{ cvcrm_id: number }>('select cvcrm_id from public.vw_vendas_ativas order by cvcrm_id');
    expect(ativas.rows.map((r) => r.cvcrm_id)).toEqual([1001, 1002, 1007]);
    const kpis = await db.query('select * from public.vw_kpis_vendas');
    expect(kpis.rows).toEqual([{
      total_vendas: 3, valor_total: 1_000_000, ticket_medio: 333_333.33, comissao_total: 37_500, total_corretores: 2, total_empreendimentos: 2,
    }]);

    // A second refresh of the same keys keeps it out.
    await refreshVendas(db, P, ALL_IDRESERVAS);
    expect((await table(db, 'vendas')).map((v) => v.cvcrm_id)).toEqual([1001, 1002, 1003, 1004, 1005, 1007]);
  });

  it('drops a sale whose reservation loses its data_venda', async () => {
    const { db } = get();
    await upsertMirrorRows(db, P, RESERVAS, mirrorRows(RESERVAS, [{ ...reservaRecords[3]!, data_venda: null, situacao: 'Cancelada' }]), 2);
    await refreshVendas(db, P, [1004]);
    expect((await table(db, 'vendas')).map((v) => v.cvcrm_id)).toEqual([1001, 1002, 1003, 1005, 1007]);
  });

  it('drops a unit deleted upstream and recounts its project', async () => {
    const { db } = get();
    await db.query(`update cvdw.unidades set deleted_at = now() where referencia = '202'`);
    const projects = await refreshUnidades(db, P, ['202']);
    expect(projects).toEqual([20]);
    await refreshEmpreendimentos(db, P, projects);
    expect((await table(db, 'unidades')).map((u) => u.cvcrm_id)).toEqual([101, 102, 103, 104, 105, 201, 301]);
    const flores = (await table(db, 'empreendimentos')).find((e) => e.cvcrm_id === 20);
    expect(flores).toMatchObject({ total_unidades: 1, unidades_vendidas: 1, unidades_disponiveis: 0, vgv_tabela: 450_000 });
  });

  it('drops a project gone upstream with all its units', async () => {
    const { db } = get();
    await db.query(`update cvdw.unidades set deleted_at = now() where idempreendimento = 30`);
    await refreshUnidades(db, P, ['301']);
    await refreshEmpreendimentos(db, P, [30]);
    expect((await table(db, 'empreendimentos')).map((e) => e.cvcrm_id)).toEqual([10, 20]);
  });
});

describe('fixture dates', () => {
  it('puts one sale in the current Brazil month and one in the month before', () => {
    expect(TODAY.startsWith(CURRENT_MONTH.slice(0, 8))).toBe(true);
    expect(LAST_MONTH_DAY < CURRENT_MONTH).toBe(true);
    expect(LAST_MONTH_DAY.slice(0, 7)).not.toBe(CURRENT_MONTH.slice(0, 7));
  });
});
