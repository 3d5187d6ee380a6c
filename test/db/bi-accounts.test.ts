// Two accounts in one warehouse with the same ids: account a gets the records of bi-records.ts,
// account b the same ids with other values and fewer records. Each account's business and bi
// rows must be exactly what its own records give alone; a change or deletion in a leaves b alone.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.ts';
import { splitStatements } from '../../src/db/migrate.ts';
import { refreshLookupStatistics, snapshotUnitStates } from '../../src/db/queries/refresh-business.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { biContents, fullReadDeleting, LEADS, loadPage, PAGES, RESERVAS, type Rec } from './bi-records.ts';

const UNITS: Rec[] = [
  { referencia: '901', referencia_data: '2025-03-01 08:00:00', idunidade: 901, idempreendimento: 10, nome: '101',
    nome_empreendimento: 'Residencial Aurora', situacao_mapa_disponibilidade: 3, valor: 300000 },
  { referencia: '902', referencia_data: '2025-03-01 08:00:00', idunidade: 902, idempreendimento: 10, nome: '102',
    nome_empreendimento: 'Residencial Aurora', situacao_mapa_disponibilidade: 1, valor: 280000 },
];

const PAGES_A: ReadonlyArray<readonly [string, Rec[]]> = [['unidades', UNITS], ...PAGES];

/** Account b: the same ids, other names and values, a reservation, a visit and a unit fewer. */
function forB(resource: string, record: Rec): Rec | null {
  switch (resource) {
    case 'unidades':
      return record.idunidade === 902 ? null : { ...record, nome_empreendimento: 'Torre Beta', situacao_mapa_disponibilidade: 1, valor: 410000 };
    case 'empreendimentos':
      return { ...record, nome: 'Torre Beta', cidade: 'Londrina' };
    case 'leads':
      return { ...record, origem: 'Indicação', corretor: 'Carla Souza', imobiliaria: 'Imobiliária Sul' };
    case 'reservas':
      return record.idreserva === 302 ? null : {
        ...record, valor_contrato: (record.valor_contrato as number) + 1000, corretor: 'Carla Souza', nome_time: 'Time Beta', midia: 'Instagram',
      };
    case 'comissoes':
      return { ...record, valor_comissao: (record.valor_comissao as number) + 100 };
    case 'leads/visitas':
      return record.idtarefa === 503 ? null : record;
    default:
      return record;
  }
}

const PAGES_B: ReadonlyArray<readonly [string, Rec[]]> = PAGES_A.map(([resource, records]) =>
  [resource, records.map((r) => forB(resource, r)).filter((r): r is Rec => r !== null)]);

async function loadAll(db: Database, pages: ReadonlyArray<readonly [string, Rec[]]>, conta?: string): Promise<void> {
  for (const [resource, records] of pages) await loadPage(db, resource, records, 'incremental', conta);
}

/** One account's business tables, without the refresh time and the account. */
async function publicContents(db: Queryable, conta = 'principal'): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of ['vendas', 'unidades', 'empreendimentos']) {
    const { rows } = await db.query<{ row: unknown }>(
      `select to_jsonb(t) - 'atualizado_em' - 'conta' as row from public.${table} t where t.conta = $1 order by cvcrm_id`, [conta]);
    result[table] = rows.map((r) => r.row);
  }
  return result;
}

async function contents(db: Queryable, conta?: string): Promise<Record<string, unknown[]>> {
  return { ...await publicContents(db, conta), ...await biContents(db, conta) };
}

describeEachDatabase('two accounts with the same ids', (get, kind) => {
  let aliceAlone: Record<string, unknown[]> = {};
  let bobAlone: Record<string, unknown[]> = {};
  let reference: TestDatabase | undefined;

  beforeAll(async () => {
    // What each account's records give in a warehouse of their own.
    reference = await createTestDatabase(kind, 2);
    await loadAll(reference.db, PAGES_B);
    bobAlone = await contents(reference.db);
    const { db } = get();
    await loadAll(db, PAGES_A, 'a');
    aliceAlone = await contents(db, 'a');
    await loadAll(db, PAGES_B, 'b');
  }, 120_000);

  afterAll(async () => {
    await reference?.dispose();
  });

  it('gives each account the rows of its own records only', async () => {
    const { db } = get();
    expect(aliceAlone.fato_leads).toHaveLength(5);
    expect(aliceAlone.vendas).toHaveLength(3);
    expect(await contents(db, 'a')).toEqual(aliceAlone);
    expect(await contents(db, 'b')).toEqual(bobAlone);
    expect(bobAlone).not.toEqual(aliceAlone);
    expect(bobAlone.fato_reservas).toHaveLength(RESERVAS.length - 1);
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from bi.fato_leads where conta not in ('a', 'b')`);
    expect(rows[0]!.n).toBe(0);
  });

  it('names each account\'s project and broker from its own records', async () => {
    const { db } = get();
    const { rows } = await db.query<{ conta: string; empreendimento: string; corretor: string; origem: string }>(
      `select f.conta, f.empreendimento, d.corretor, f.origem
       from bi.fato_leads f join bi.dim_corretor d on d.conta = f.conta and d.idcorretor = f.idcorretor
       where f.idlead = 101 order by f.conta`);
    expect(rows).toEqual([
      { conta: 'a', empreendimento: 'Residencial Aurora', corretor: 'Ana Lima', origem: 'Facebook' },
      { conta: 'b', empreendimento: 'Torre Beta', corretor: 'Carla Souza', origem: 'Indicação' },
    ]);
  });

  it('keeps brokers of the same code in two accounts apart in the example question', async () => {
    const { db } = get();
    const sql = splitStatements(readFileSync(new URL('../../docs/bi-examples.sql', import.meta.url), 'utf8'))[1]!;
    await db.query(`update bi.fato_leads set data_lead = (now() at time zone 'America/Sao_Paulo')::date where idlead = 101`);
    expect((await db.query(sql)).rows).toEqual([
      { conta: 'a', idcorretor: 7, corretor: 'Ana Lima', leads_atendidos: 1, mediana_horas: 2.5 },
      { conta: 'b', idcorretor: 7, corretor: 'Carla Souza', leads_atendidos: 1, mediana_horas: 2.5 },
    ]);
  });

  it('samples the statistics of every lookup column, the account included', async () => {
    for (const resource of ['reservas', 'comissoes', 'unidades', 'leads', 'leads/visitas', 'leads/perdas', 'leads/ganhos']) {
      await refreshLookupStatistics(get().db, resource);
    }
  });

  it('snapshots the unit states of one account only', async () => {
    const { db } = get();
    expect(await snapshotUnitStates(db, 'b')).toBe(1);
    expect(await snapshotUnitStates(db, 'a')).toBe(2);
    const { rows } = await db.query<{ conta: string; idunidade: number; situacao: number }>(
      `select conta, idunidade::int, situacao::int from etl.unit_snapshots order by conta, idunidade`);
    expect(rows).toEqual([
      { conta: 'a', idunidade: 901, situacao: 3 }, { conta: 'a', idunidade: 902, situacao: 1 }, { conta: 'b', idunidade: 901, situacao: 1 },
    ]);
  });

  it('renames a project in one account without touching the other\'s leads', async () => {
    const { db } = get();
    const before = await contents(db, 'b');
    await loadPage(db, 'empreendimentos', [{ referencia: '10', referencia_data: '2025-06-01 08:00:00', idempreendimento: 10, nome: 'Aurora II' }], 'incremental', 'a');
    const { rows } = await db.query<{ conta: string; empreendimento: string }>(
      `select conta, empreendimento from bi.fato_leads where idlead = 101 order by conta`);
    expect(rows).toEqual([{ conta: 'a', empreendimento: 'Aurora II' }, { conta: 'b', empreendimento: 'Torre Beta' }]);
    expect(await contents(db, 'b')).toEqual(before);
  });

  it('a deletion in one account leaves the other untouched', async () => {
    const { db } = get();
    const before = await contents(db, 'b');
    expect((await fullReadDeleting(db, 'reservas', RESERVAS.filter((r) => r.idreserva !== 301), 'a')).sort()).toEqual(['301']);
    expect((await fullReadDeleting(db, 'leads', LEADS.filter((r) => r.idlead !== 102), 'a')).sort()).toEqual(['102']);
    const a = await contents(db, 'a');
    expect((a.fato_reservas as Rec[]).map((r) => r.idreserva)).not.toContain(301);
    expect((a.vendas as Rec[]).map((r) => r.cvcrm_id)).not.toContain(301);
    expect((a.fato_leads as Rec[]).map((r) => r.idlead)).not.toContain(102);
    expect(await contents(db, 'b')).toEqual(before);
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from cvdw.reservas where conta = 'b' and deleted_at is not null`);
    expect(rows[0]!.n).toBe(0);
  });
});
