// A record that moves to another key (a commission to another reservation, a reservation or a
// lead to another broker, a loss or a win to another lead) changes what it left as well as what
// it joined; a page of units that kept their projects' names reads no lead; a reservation's mídia
// is not a lead origin. Each case uses its own ids, so the cases do not see each other's rows.
import { expect, it } from 'vitest';
import { PRINCIPAL_ACCOUNT } from '../../src/config-accounts.ts';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import type { Queryable } from '../../src/db/database.ts';
import { readPageBefore, refreshAfterPage } from '../../src/sync/business-refresh.ts';
import { mapPage } from '../../src/sync/map-page.ts';
import { startRun } from '../../src/sync/queries/runs.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { upsertMirrorRows } from '../../src/db/queries/mirror.ts';
import { loadPage, RESERVAS, type Rec } from './bi-records.ts';

const base = RESERVAS[0]!;
const reserva = (idreserva: number, fields: Rec): Rec => ({ ...base, referencia: String(idreserva), idreserva, idlead: null, ...fields });
const lead = (idlead: number, fields: Rec): Rec => ({
  referencia: String(idlead), referencia_data: '2025-03-01 08:00:00', ativo: 'S', idlead, data_cad: '2025-03-01 09:00:00', ...fields,
});

async function one(db: Queryable, sql: string, params: unknown[]): Promise<Rec | undefined> {
  const { rows } = await db.query<Rec>(sql, params);
  return rows[0];
}

describeEachDatabase('bi and the sales follow a record that moved', (get) => {
  it('a commission moved to another reservation leaves the old sale\'s commission', async () => {
    const { db } = get();
    await loadPage(db, 'reservas', [reserva(1301, {}), reserva(1304, {})]);
    const comissao = { referencia: '1601', referencia_data: '2025-03-21 08:00:00', ativo: 'S', idcomissao: 1601, idreserva: 1301, valor_comissao: 9000 };
    await loadPage(db, 'comissoes', [comissao]);
    expect(await one(db, `select comissao_valor::float as v from public.vendas where cvcrm_id = 1301`, [])).toEqual({ v: 9000 });

    await loadPage(db, 'comissoes', [{ ...comissao, referencia_data: '2025-03-22 08:00:00', idreserva: 1304 }]);
    const { rows } = await db.query<Rec>(
      `select v.cvcrm_id::int as id, v.comissao_valor::float as venda, f.comissao_valor::float as fato
       from public.vendas v join bi.fato_reservas f on f.idreserva = v.cvcrm_id where v.cvcrm_id in (1301, 1304) order by 1`);
    expect(rows).toEqual([{ id: 1301, venda: 0, fato: 0 }, { id: 1304, venda: 9000, fato: 9000 }]);
  });

  it('a reservation moved to another broker recomputes the broker it left, or removes it', async () => {
    const { db } = get();
    await loadPage(db, 'reservas', [
      reserva(2301, { idcorretor: 21, corretor: 'Carla Reis' }),
      reserva(2302, { idcorretor: 22, corretor: 'Davi Nunes (antigo)', imobiliaria: 'Imobiliária Antiga', referencia_data: '2025-03-01 08:00:00' }),
      reserva(2303, { idcorretor: 22, corretor: 'Davi Nunes', referencia_data: '2025-04-20 08:00:00' }),
    ]);
    expect(await one(db, `select corretor from bi.dim_corretor where idcorretor = 22`, [])).toEqual({ corretor: 'Davi Nunes' });

    await loadPage(db, 'reservas', [
      reserva(2301, { idcorretor: 23, corretor: 'Elisa Prado' }),
      reserva(2303, { idcorretor: 23, corretor: 'Elisa Prado', referencia_data: '2025-04-20 08:00:00' }),
    ]);
    const { rows } = await db.query<Rec>(`select idcorretor::int as id, corretor, imobiliaria from bi.dim_corretor where idcorretor in (21, 22, 23) order by 1`);
    expect(rows).toEqual([
      { id: 22, corretor: 'Davi Nunes (antigo)', imobiliaria: 'Imobiliária Antiga' },
      { id: 23, corretor: 'Elisa Prado', imobiliaria: base.imobiliaria },
    ]);
  });

  it('a lead moved to another broker removes the broker left with no record', async () => {
    const { db } = get();
    await loadPage(db, 'leads', [lead(3101, { idcorretor: 31, corretor: 'Fábio Luz' })]);
    await loadPage(db, 'leads', [lead(3101, { idcorretor: 32, corretor: 'Gabi Souza' })]);
    const { rows } = await db.query<Rec>(`select idcorretor::int as id from bi.dim_corretor where idcorretor in (31, 32) order by 1`);
    expect(rows).toEqual([{ id: 32 }]);
  });

  it('a loss or a win moved to another lead leaves the lead it left', async () => {
    const { db } = get();
    await loadPage(db, 'leads', [lead(4101, {}), lead(4102, {})]);
    const perda = { referencia: '4701', referencia_data: '2025-03-15 08:00:00', ativo: 'S', idlead_reativacao: 4701, idlead: 4101, data_perda: '2025-03-15 10:00:00' };
    const ganho = { referencia: '4801', referencia_data: '2025-03-25 08:00:00', ativo: 'S', idlead_reativacao: 4801, idlead: 4101, data_ganho: '2025-03-25 10:00:00' };
    await loadPage(db, 'leads/perdas', [perda]);
    await loadPage(db, 'leads/ganhos', [ganho]);
    const flags = async () => (await db.query<Rec>(`select idlead::int as id, perdido, reativado from bi.fato_leads where idlead in (4101, 4102) order by 1`)).rows;
    expect(await flags()).toEqual([{ id: 4101, perdido: true, reativado: true }, { id: 4102, perdido: false, reativado: false }]);

    await loadPage(db, 'leads/perdas', [{ ...perda, idlead: 4102 }]);
    await loadPage(db, 'leads/ganhos', [{ ...ganho, idlead: 4102 }]);
    expect(await flags()).toEqual([{ id: 4101, perdido: false, reativado: false }, { id: 4102, perdido: true, reativado: true }]);
  });

  it('keeps a reservation\'s mídia out of the lead origins', async () => {
    const { db } = get();
    await loadPage(db, 'reservas', [reserva(5301, { midia: 'Campanha Verão' })]);
    expect(await one(db, `select midia from bi.fato_reservas where idreserva = 5301`, [])).toEqual({ midia: 'Campanha Verão' });
    expect(await one(db, `select count(*)::int as n from bi.dim_origem where origem = 'Campanha Verão'`, [])).toEqual({ n: 0 });
  });

  it('a page of units reads no lead unless a project\'s name changed', async () => {
    const { db } = get();
    const unidade = (situacao: number): Rec => ({
      referencia: '6901', referencia_data: '2025-03-01 08:00:00', idunidade: 6901, idempreendimento: 60,
      nome_empreendimento: 'Vila Nova', nome: '101', valor: 300000, situacao_mapa_disponibilidade: situacao,
    });
    await loadPage(db, 'unidades', [unidade(1)]);
    await loadPage(db, 'leads', [lead(6101, { idempreendimento_ultimo: 60 })]);
    expect(await one(db, `select empreendimento from bi.fato_leads where idlead = 6101`, [])).toEqual({ empreendimento: 'Vila Nova' });

    const readsOfLeads = await db.transaction(async (tx) => {
      const spec = getResource('unidades');
      const runId = await startRun(tx, PRINCIPAL_ACCOUNT, spec.name, 'incremental', 'test', process.pid);
      const page = mapPage(spec, [{ ...unidade(3), referencia_data: '2025-03-02 08:00:00' }], { storage: 'full' });
      const before = await readPageBefore(tx, PRINCIPAL_ACCOUNT, spec, page.rows);
      await upsertMirrorRows(tx, PRINCIPAL_ACCOUNT, spec, page.rows, runId);
      const statements: string[] = [];
      const probe: Queryable = {
        query: ((sql: string, params?: unknown[]) => {
          statements.push(sql);
          return tx.query(sql, params as never);
        }) as Queryable['query'],
      };
      await refreshAfterPage(probe, PRINCIPAL_ACCOUNT, spec, page.rows, before);
      return statements.filter((sql) => sql.includes('bi.fato_leads')).length;
    });
    expect(readsOfLeads).toBe(0);
    expect(await one(db, `select unidades_vendidas::int as n from public.empreendimentos where cvcrm_id = 60`, [])).toEqual({ n: 1 });

    await loadPage(db, 'empreendimentos', [{ referencia: '60', referencia_data: '2025-03-03 08:00:00', idempreendimento: 60, nome: 'Vila Nova II' }]);
    expect(await one(db, `select empreendimento from bi.fato_leads where idlead = 6101`, [])).toEqual({ empreendimento: 'Vila Nova II' });
  });
});
