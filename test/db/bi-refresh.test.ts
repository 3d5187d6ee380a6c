// The bi facts, refreshed by the load page by page, against values computed by hand from the
// records in bi-records.ts; the same records in another order give the same tables; a deletion
// found by a full read leaves the facts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../helpers/databases.ts';
import { biContents, DISTRATO, fullReadDeleting, LEADS, loadPage, PAGES, RESERVAS, VISITAS, type Rec } from './bi-records.ts';

async function rowsOf(db: Queryable, table: string, key: string): Promise<Map<string, Rec>> {
  const { rows } = await db.query<{ row: Rec }>(
    `select to_jsonb(t) - 'atualizado_em' - 'conta' as row from bi.${table} t where t.conta = 'principal' order by ${key}`);
  return new Map(rows.map((r) => [String(r.row[key]), r.row]));
}

const NO_SALE = { tem_venda: false, data_primeira_venda: null, dias_ate_venda: null, vendas: 0, valor_vendas: 0 };

describeEachDatabase('bi refreshed by the load', (get) => {
  beforeAll(async () => {
    for (const [resource, records] of PAGES.slice(0, -1)) await loadPage(get().db, resource, records);
  });

  it('derives each lead\'s funnel row before the distrato', async () => {
    const leads = await rowsOf(get().db, 'fato_leads', 'idlead');
    expect([...leads.keys()]).toEqual(['101', '102', '103', '104', '105']);
    expect(leads.get('101')).toEqual({
      idlead: 101, data_cad: '2025-03-03T10:00:00', data_lead: '2025-03-03', ativo: 'S', situacao: 'Em atendimento',
      origem: 'Facebook', midia: 'Anúncio', idempreendimento: 10, empreendimento: 'Residencial Aurora',
      idcorretor: 7, corretor: 'Ana Lima', imobiliaria: 'Imobiliária Centro',
      data_primeira_interacao_corretor: '2025-03-03T12:30:00', horas_primeiro_atendimento: 2.5,
      tem_visita: true, data_primeira_visita: '2025-03-10T15:00:00', visitas: 2,
      tem_reserva: true, data_primeira_reserva: '2025-03-18T10:00:00', reservas: 2,
      tem_venda: true, data_primeira_venda: '2025-03-20', dias_ate_venda: 17, vendas: 1, valor_vendas: 300000,
      perdido: false, data_perda: null, motivo_perda: null, reativado: false, data_reativacao: null,
    });
    expect(leads.get('102')).toMatchObject({
      origem: 'Não informado', midia: 'Não informado', idempreendimento: 11, empreendimento: 'Torre Sul', idcorretor: 8,
      horas_primeiro_atendimento: null, tem_visita: false, visitas: 0,
      tem_reserva: true, reservas: 1, data_primeira_reserva: '2025-03-28T10:00:00',
      tem_venda: true, data_primeira_venda: '2025-04-01', dias_ate_venda: 27, vendas: 1, valor_vendas: 280000,
    });
    expect(leads.get('103')).toMatchObject({
      origem: 'Site', idempreendimento: null, empreendimento: null, horas_primeiro_atendimento: null,
      tem_visita: true, data_primeira_visita: '2025-03-12T11:00:00', visitas: 1, tem_reserva: true, reservas: 2,
      tem_venda: true, data_primeira_venda: '2025-04-01', dias_ate_venda: 26, vendas: 2, valor_vendas: 540000,
      perdido: true, data_perda: '2025-03-15T10:00:00', motivo_perda: 'Sem renda', reativado: true, data_reativacao: '2025-03-25T10:00:00',
    });
    expect(leads.get('104')).toMatchObject({ tem_reserva: false, reservas: 0, ...NO_SALE, perdido: true, motivo_perda: 'Desistiu' });
    expect(leads.get('105')).toMatchObject({ perdido: true, data_perda: '2025-03-18T10:00:00', motivo_perda: 'Não informado', reativado: false });
  });

  it('a distrato page undoes the sale: the reservation stays, the sale goes', async () => {
    await loadPage(get().db, 'reservas', DISTRATO);
    const leads = await rowsOf(get().db, 'fato_leads', 'idlead');
    expect(leads.get('102')).toMatchObject({ tem_reserva: true, reservas: 1, ...NO_SALE });
    expect(leads.get('103')).toMatchObject({
      tem_reserva: true, reservas: 2, tem_venda: true, data_primeira_venda: '2025-04-10', dias_ate_venda: 35, vendas: 1, valor_vendas: 260000,
      perdido: true, reativado: true,
    });
    const reservas = await rowsOf(get().db, 'fato_reservas', 'idreserva');
    expect(reservas.get('303')).toMatchObject({
      eh_venda: false, eh_distrato: true, data_venda: '2025-04-01', data_distrato: '2025-05-02', situacao: 'Distrato', leads: 2,
    });
  });

  it('derives the reservations, the bridge, the visits and the commissions', async () => {
    const reservas = await rowsOf(get().db, 'fato_reservas', 'idreserva');
    expect([...reservas.keys()]).toEqual(['301', '302', '303', '304', '305']);
    expect(reservas.get('301')).toEqual({
      idreserva: 301, data_cad: '2025-03-18T10:00:00', data_reserva: '2025-03-18', data_venda: '2025-03-20', data_distrato: null,
      ativo: 'S', situacao: 'Vendida', eh_venda: true, eh_distrato: false, idempreendimento: 10, empreendimento: 'Residencial Aurora',
      idunidade: 901, idcorretor: 7, corretor: 'Ana Lima', midia: 'Facebook', forma_pagamento: 'Financiamento',
      valor_contrato: 300000, pro_soluto: 100000, comissao_valor: 9000, leads: 1,
    });
    expect(reservas.get('302')).toMatchObject({ eh_venda: false, midia: 'Não informado', comissao_valor: 0, leads: 1 });
    expect(reservas.get('304')).toMatchObject({ eh_venda: true, comissao_valor: 7800, leads: 1 });
    expect(reservas.get('305')).toMatchObject({ ativo: 'N', eh_venda: false, leads: 1 });

    const { rows: pairs } = await get().db.query<{ p: string }>(`select idlead || '-' || idreserva as p from bi.ponte_lead_reserva order by idreserva, idlead`);
    expect(pairs.map((r) => r.p)).toEqual(['101-301', '101-302', '102-303', '103-303', '999999-303', '103-304', '104-305']);

    const visitas = await rowsOf(get().db, 'fato_visitas', 'idtarefa');
    expect([...visitas.keys()]).toEqual(['501', '502', '503', '505']);
    expect(visitas.get('503')).toMatchObject({ idlead: 101, realizada: false, data_visita: '2025-03-20', data_conclusao: null });
    expect(visitas.get('501')).toMatchObject({ realizada: true, data_visita: '2025-03-10', tipo_visita: 'Presencial' });

    const comissoes = await rowsOf(get().db, 'fato_comissoes', 'referencia');
    expect([...comissoes.keys()]).toEqual(['601', '602', '603']);
    expect(comissoes.get('601')).toMatchObject({ idreserva: 301, data_comissao: '2025-03-21', data_pagamento: '2025-04-05', valor_comissao: 9000 });
  });

  it('keeps brokers with their agency and team, and the origins seen', async () => {
    const corretores = await rowsOf(get().db, 'dim_corretor', 'idcorretor');
    expect(corretores.get('7')).toEqual({ idcorretor: 7, corretor: 'Ana Lima', idimobiliaria: 3, imobiliaria: 'Imobiliária Centro', idtime: 5, time: 'Time Alfa' });
    expect(corretores.get('8')).toEqual({ idcorretor: 8, corretor: 'Bruno Dias', idimobiliaria: 4, imobiliaria: 'Imobiliária Norte', idtime: null, time: null });
    // A later lead page (no team in leads) does not erase the team.
    await loadPage(get().db, 'leads', [{ ...LEADS[0]!, referencia_data: '2025-06-01 08:00:00', imobiliaria: 'Imobiliária Centro Sul' }]);
    expect((await rowsOf(get().db, 'dim_corretor', 'idcorretor')).get('7')).toMatchObject({ imobiliaria: 'Imobiliária Centro Sul', idtime: 5, time: 'Time Alfa' });
    const origens = await rowsOf(get().db, 'dim_origem', 'origem');
    expect([...origens.keys()]).toEqual(['Facebook', 'Não informado', 'Site']);
  });

  it('a record deleted upstream leaves the facts it fed', async () => {
    // Visit 501 and reservation 301 (lead 101's sale) are gone from a full read.
    expect(await fullReadDeleting(get().db, 'leads/visitas', VISITAS.filter((v) => v.idtarefa !== 501))).toEqual(['501']);
    expect(await fullReadDeleting(get().db, 'reservas', [...RESERVAS.filter((r) => r.idreserva !== 301 && r.idreserva !== 303), ...DISTRATO])).toEqual(['301']);
    const leads = await rowsOf(get().db, 'fato_leads', 'idlead');
    expect(leads.get('101')).toMatchObject({
      tem_visita: true, visitas: 1, data_primeira_visita: '2025-03-14T15:30:00', tem_reserva: true, reservas: 1, ...NO_SALE,
    });
    expect((await rowsOf(get().db, 'fato_visitas', 'idtarefa')).has('501')).toBe(false);
    expect((await rowsOf(get().db, 'fato_reservas', 'idreserva')).has('301')).toBe(false);
    const { rows } = await get().db.query<{ n: number }>(`select count(*)::int as n from bi.ponte_lead_reserva where idreserva = 301`);
    expect(rows[0]!.n).toBe(0);

    // The lead itself gone: its row leaves, and its reservation counts one lead fewer.
    expect(await fullReadDeleting(get().db, 'leads', LEADS.filter((l) => l.idlead !== 102))).toEqual(['102']);
    const after = await rowsOf(get().db, 'fato_leads', 'idlead');
    expect(after.has('102')).toBe(false);
    expect((await rowsOf(get().db, 'fato_reservas', 'idreserva')).get('303')).toMatchObject({ leads: 1 });
  });
});

describe('bi does not depend on the order pages arrive in', () => {
  for (const kind of ['postgres', 'pglite'] as const) {
    it(`gives the same tables for two orders [${kind}]`, async () => {
      const orders = [PAGES, [...PAGES.slice(0, -1)].reverse().concat([PAGES[PAGES.length - 1]!])];
      // Leads, losses and visits first; reservations (with the distrato) and the project last.
      orders.push([PAGES[3]!, PAGES[5]!, PAGES[6]!, PAGES[4]!, PAGES[1]!, PAGES[0]!, PAGES[7]!, PAGES[2]!]);
      const contents = [];
      for (const order of orders) {
        const test = await createTestDatabase(kind, 2);
        try {
          for (const [resource, records] of order) await loadPage(test.db, resource, records);
          contents.push(await biContents(test.db));
        } finally {
          await test.dispose();
        }
      }
      expect(contents[0]!.fato_leads).toHaveLength(5);
      expect(contents[1]).toEqual(contents[0]);
      expect(contents[2]).toEqual(contents[0]);
    });
  }
});
