// The all-time KPIs read public.resumo_vendas_contadas and resumo_vendas_contadas_conta, kept by
// triggers on public.vendas: on random sales and random changes the summaries are always the
// recount of vw_vendas_ativas, and the figures from them are the figures from the sales, to the
// byte, for every filter without a period.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.ts';
import { selectKpis, selectKpisFromAccountSummary, selectKpisFromSales, selectKpisFromSummary } from '../../src/figures/queries/kpis.ts';
import type { FilterParams } from '../../src/figures/queries/sales-filter.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { fullReadDeleting, loadPage, type Rec } from '../db/bi-records.ts';

interface Sale {
  conta: string;
  cvcrm_id: number;
  empreendimento_id: number | null;
  empreendimento: string | null;
  corretor_id: number | null;
  corretor: string | null;
  valor: number;
  comissao_valor: number;
  data_venda: string | null;
  ativo: string | null;
  situacao: string | null;
}

const CONTAS = ['a', 'b'];
const PROJECTS: [number | null, string | null][] = [[10, 'Aurora'], [11, 'Torre Sul'], [11, 'Torre Sul (antigo)'], [null, null], [12, null]];
const BROKERS: [number | null, string | null][] = [[7, 'Ana Lima'], [8, 'Bruno Dias'], [8, 'Bruno'], [null, null], [9, '']];

/** Every column the summary or the definition of a counted sale reads, with its edge values. */
const sale = fc.record({
  conta: fc.constantFrom(...CONTAS),
  project: fc.constantFrom(...PROJECTS),
  broker: fc.constantFrom(...BROKERS),
  valor: fc.constantFrom(0, -5, 0.01, 250_000, 199_999.99, 312_345.67),
  comissao_valor: fc.constantFrom(0, 1_500.5, 9_000, 12_345.67),
  data_venda: fc.constantFrom(null, '2024-01-31', '2025-03-20', '2025-04-01'),
  ativo: fc.constantFrom('S', 'S', 'S', 'N', null),
  situacao: fc.constantFrom('Vendida', 'Vendida', 'Distrato', null, 'Em análise'),
});

type Change =
  | { kind: 'distrato' | 'delete' | 'reactivate'; ids: number[] }
  | { kind: 'move'; ids: number[]; broker: [number | null, string | null] }
  | { kind: 'revalue'; ids: number[]; valor: number }
  | { kind: 'upsert'; sales: Sale[] };

type SaleDraft = typeof sale extends fc.Arbitrary<infer T> ? T : never;

function toSale(id: number, s: SaleDraft): Sale {
  return {
    conta: s.conta, cvcrm_id: id, empreendimento_id: s.project[0], empreendimento: s.project[1], corretor_id: s.broker[0],
    corretor: s.broker[1], valor: s.valor, comissao_valor: s.comissao_valor, data_venda: s.data_venda, ativo: s.ativo, situacao: s.situacao,
  };
}

const ids = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 12 });
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constantFrom('distrato' as const, 'delete' as const, 'reactivate' as const), ids }),
  fc.record({ kind: fc.constant('move' as const), ids, broker: fc.constantFrom(...BROKERS) }),
  fc.record({ kind: fc.constant('revalue' as const), ids, valor: fc.constantFrom(0, 1, 275_000.5) }),
  fc.record({
    kind: fc.constant('upsert' as const),
    sales: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 80 }), sale), { selector: ([id, s]) => `${s.conta}:${id}`, maxLength: 15 })
      .map((list) => list.map(([id, s]) => toSale(id, s))),
  }),
);

const initial = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 60 }), sale), { selector: ([id, s]) => `${s.conta}:${id}`, maxLength: 60 })
  .map((list) => list.map(([id, s]) => toSale(id, s)));

/** A filter without a period, over the values the sales use and some no sale has. */
const filter: fc.Arbitrary<FilterParams> = fc.record({
  projectId: fc.constantFrom(null, null, 10, 11, 12, 999),
  projectName: fc.constantFrom(null, null, 'Aurora', 'Torre Sul', 'Ninguém'),
  brokerId: fc.constantFrom(null, null, 7, 8, 9, 999),
  brokerName: fc.constantFrom(null, null, 'Ana Lima', 'Bruno', '', 'Ninguém'),
  contas: fc.constantFrom(null, null, ['a'], ['b'], ['a', 'b'], ['z']),
}).map((f) => [null, null, f.projectId, f.projectName, f.brokerId, f.brokerName, f.contas]);

const COLUMNS = 'conta text, cvcrm_id bigint, empreendimento_id bigint, empreendimento text, corretor_id bigint, corretor text, valor numeric, comissao_valor numeric, data_venda date, ativo text, situacao text';
const NAMES = 'conta, cvcrm_id, reserva_id, empreendimento_id, empreendimento, corretor_id, corretor, valor, comissao_valor, data_venda, ativo, situacao';

async function upsertSales(db: Queryable, sales: readonly Sale[]): Promise<void> {
  if (sales.length === 0) return;
  await db.query(
    `insert into public.vendas (${NAMES})
     select conta, cvcrm_id, cvcrm_id, empreendimento_id, empreendimento, corretor_id, corretor, valor, comissao_valor, data_venda, ativo, situacao
     from jsonb_to_recordset($1::jsonb) as x(${COLUMNS})
     on conflict (conta, cvcrm_id) do update set
       empreendimento_id = excluded.empreendimento_id, empreendimento = excluded.empreendimento,
       corretor_id = excluded.corretor_id, corretor = excluded.corretor, valor = excluded.valor,
       comissao_valor = excluded.comissao_valor, data_venda = excluded.data_venda, ativo = excluded.ativo, situacao = excluded.situacao`,
    [JSON.stringify(sales)],
  );
}

async function apply(db: Queryable, c: Change): Promise<void> {
  switch (c.kind) {
    case 'distrato':
      await db.query(`update public.vendas set situacao = 'Distrato' where cvcrm_id = any($1::bigint[])`, [c.ids]);
      break;
    case 'reactivate':
      await db.query(`update public.vendas set ativo = 'S', situacao = 'Vendida', data_venda = coalesce(data_venda, date '2025-05-01') where cvcrm_id = any($1::bigint[])`, [c.ids]);
      break;
    case 'delete':
      await db.query('delete from public.vendas where cvcrm_id = any($1::bigint[])', [c.ids]);
      break;
    case 'move':
      await db.query('update public.vendas set corretor_id = $2, corretor = $3 where cvcrm_id = any($1::bigint[])', [c.ids, c.broker[0], c.broker[1]]);
      break;
    case 'revalue':
      await db.query('update public.vendas set valor = $2 where cvcrm_id = any($1::bigint[])', [c.ids, c.valor]);
      break;
    case 'upsert':
      await upsertSales(db, c.sales);
  }
}

/** The summary as stored, and as a recount of the view would make it, in one order. */
async function summaryAndRecount(db: Queryable): Promise<{ stored: unknown[]; recount: unknown[] }> {
  const order = 'order by conta, empreendimento_id nulls first, empreendimento nulls first, corretor_id nulls first, corretor nulls first';
  const stored = await db.query(
    `select conta, empreendimento_id, empreendimento, corretor_id, corretor, vendas::int as vendas, valor::text as valor, comissao_valor::text as comissao_valor
     from public.resumo_vendas_contadas ${order}`,
  );
  const recount = await db.query(
    `select conta, empreendimento_id, empreendimento, corretor_id, corretor, count(*)::int as vendas, sum(valor)::text as valor, sum(comissao_valor)::text as comissao_valor
     from public.vw_vendas_ativas
     group by conta, empreendimento_id, empreendimento, corretor_id, corretor ${order}`,
  );
  const accounts = await db.query(
    `select conta, vendas::int as vendas, valor::text as valor, comissao_valor::text as comissao_valor, corretores, empreendimentos
     from public.resumo_vendas_contadas_conta order by conta`,
  );
  const accountsRecount = await db.query(
    `select conta, count(*)::int as vendas, sum(valor)::text as valor, sum(comissao_valor)::text as comissao_valor,
       count(distinct corretor)::int as corretores, count(distinct empreendimento)::int as empreendimentos
     from public.vw_vendas_ativas group by conta order by conta`,
  );
  return { stored: [...stored.rows, ...accounts.rows], recount: [...recount.rows, ...accountsRecount.rows] };
}

async function expectBothPathsAgree(db: Queryable, filters: readonly FilterParams[]): Promise<void> {
  const { stored, recount } = await summaryAndRecount(db);
  expect(stored).toEqual(recount);
  for (const f of filters) {
    const fromSales = await selectKpisFromSales(db, f);
    expect(JSON.stringify(await selectKpisFromSummary(db, f)), JSON.stringify(f)).toBe(JSON.stringify(fromSales));
    expect(JSON.stringify(await selectKpis(db, f))).toBe(JSON.stringify(fromSales));
    const accountsOnly: FilterParams = [null, null, null, null, null, null, f[6]];
    expect(JSON.stringify(await selectKpisFromAccountSummary(db, accountsOnly)), JSON.stringify(f[6]))
      .toBe(JSON.stringify(await selectKpisFromSales(db, accountsOnly)));
  }
}

const ALL: FilterParams = [null, null, null, null, null, null, null];

describeEachDatabase('kpis from the summary kept by the load', (get, kind) => {
  it('random sales and random changes: the summary is the recount, and both paths give the same bytes for every filter', async () => {
    const { db } = get();
    await fc.assert(
      fc.asyncProperty(initial, fc.array(change, { maxLength: 6 }), fc.array(filter, { minLength: 6, maxLength: 12 }), async (sales, changes, filters) => {
        await db.query('delete from public.vendas');
        expect((await db.query('select 1 from public.resumo_vendas_contadas')).rows).toEqual([]);
        await upsertSales(db, sales);
        await expectBothPathsAgree(db, [ALL, ...filters]);
        // Changes in one transaction each, as a page of the load is, and several in one.
        await db.transaction(async (tx) => {
          for (const c of changes) await apply(tx, c);
        });
        await expectBothPathsAgree(db, [ALL, ...filters]);
      }),
      { numRuns: kind === 'postgres' ? 40 : 20, seed: 20260601 },
    );
  });

  it('with no counted sale both paths answer zeros', async () => {
    const { db } = get();
    await db.query('delete from public.vendas');
    await expectBothPathsAgree(db, [ALL, [null, null, 10, null, null, null, ['a']]]);
    expect(await selectKpis(db, ALL)).toEqual({
      total_vendas: 0, valor_total: 0, ticket_medio: 0, comissao_total: 0, total_corretores: 0, total_empreendimentos: 0,
    });
  });

  it('a period reads the sales, not the summary', async () => {
    const { db } = get();
    await db.query('delete from public.vendas');
    await upsertSales(db, [
      { conta: 'a', cvcrm_id: 1, empreendimento_id: 10, empreendimento: 'Aurora', corretor_id: 7, corretor: 'Ana Lima', valor: 100, comissao_valor: 1, data_venda: '2025-03-20', ativo: 'S', situacao: 'Vendida' },
      { conta: 'a', cvcrm_id: 2, empreendimento_id: 10, empreendimento: 'Aurora', corretor_id: 8, corretor: 'Bruno', valor: 300, comissao_valor: 3, data_venda: '2024-01-31', ativo: 'S', situacao: 'Vendida' },
    ]);
    const march: FilterParams = ['2025-03-01', '2025-03-31', null, null, null, null, null];
    expect(await selectKpis(db, march)).toEqual({
      total_vendas: 1, valor_total: 100, ticket_medio: 100, comissao_total: 1, total_corretores: 1, total_empreendimentos: 1,
    });
    expect(await selectKpis(db, ALL)).toMatchObject({ total_vendas: 2, valor_total: 400, total_corretores: 2 });
  });

  it('pages of the load, a distrato, a sale moved to another broker and a deletion found by a full read keep the summary a recount', async () => {
    const { db } = get();
    await db.query('delete from public.vendas');
    const reserva = (idreserva: number, fields: Rec): Rec => ({
      referencia: String(idreserva), referencia_data: '2025-04-12 08:00:00', ativo: 'S', idreserva, situacao: 'Vendida',
      data_cad: '2025-03-18 10:00:00', data_venda: '2025-03-20 16:00:00', idempreendimento: 10, empreendimento: 'Residencial Aurora',
      idunidade: 900 + idreserva % 100, idcorretor: 7, corretor: 'Ana Lima', valor_contrato: 250_000, ...fields,
    });
    const sold = [
      reserva(4301, {}),
      reserva(4302, { valor_contrato: 310_000.55 }),
      reserva(4303, { idcorretor: 8, corretor: 'Bruno Dias', idempreendimento: 11, empreendimento: 'Torre Sul' }),
      reserva(4304, { idcorretor: 9, corretor: 'Carla Reis' }),
    ];
    const filters: FilterParams[] = [ALL, [null, null, 10, null, null, null, null], [null, null, null, null, 9, null, null], [null, null, null, null, null, 'Ana Lima', null]];
    const kpis = async () => selectKpis(db, ALL);

    await loadPage(db, 'reservas', sold.slice(0, 2));
    await loadPage(db, 'reservas', sold.slice(2));
    await loadPage(db, 'comissoes', [{ referencia: '4601', referencia_data: '2025-03-21 08:00:00', ativo: 'S', idcomissao: 4601, idreserva: 4301, valor_comissao: 9_000 }]);
    await expectBothPathsAgree(db, filters);
    expect(await kpis()).toMatchObject({ total_vendas: 4, valor_total: 1_060_000.55, comissao_total: 9_000, total_corretores: 3, total_empreendimentos: 2 });

    // 4303 undone by a distrato: its broker and its project leave the counts.
    await loadPage(db, 'reservas', [{ ...sold[2]!, referencia_data: '2025-05-02 08:00:00', situacao: 'Distrato', data_cancelamento: '2025-05-02' }]);
    await expectBothPathsAgree(db, filters);
    expect(await kpis()).toMatchObject({ total_vendas: 3, total_corretores: 2, total_empreendimentos: 1 });

    // 4304 moved to Ana Lima: Carla Reis has no sale left.
    await loadPage(db, 'reservas', [{ ...sold[3]!, referencia_data: '2025-05-03 08:00:00', idcorretor: 7, corretor: 'Ana Lima' }]);
    await expectBothPathsAgree(db, filters);
    expect(await kpis()).toMatchObject({ total_vendas: 3, total_corretores: 1 });
    expect((await db.query(`select 1 from public.resumo_vendas_contadas where corretor = 'Carla Reis'`)).rows).toEqual([]);

    // A full read that no longer sees 4302: deleted upstream, its sale leaves.
    const stillThere = [sold[0]!, { ...sold[2]!, referencia_data: '2025-05-02 08:00:00', situacao: 'Distrato', data_cancelamento: '2025-05-02' }, { ...sold[3]!, referencia_data: '2025-05-03 08:00:00', idcorretor: 7, corretor: 'Ana Lima' }];
    expect(await fullReadDeleting(db, 'reservas', stillThere)).toEqual(['4302']);
    await expectBothPathsAgree(db, filters);
    expect(await kpis()).toMatchObject({ total_vendas: 2, valor_total: 500_000, comissao_total: 9_000 });
  });

  if (kind === 'postgres') {
    it('transactions of one account writing the same groups at once neither deadlock nor lose a change', async () => {
      const { db } = get();
      await db.query('delete from public.vendas');
      const writer = (n: number) => (db as Database).transaction(async (tx) => {
        // Each writer its own sales, the same groups, touched in a different order per writer.
        const groups = n % 2 === 0 ? PROJECTS : [...PROJECTS].reverse();
        for (const [i, [id, name]] of groups.entries()) {
          await upsertSales(tx, [{
            conta: 'a', cvcrm_id: 10_000 + n * 100 + i, empreendimento_id: id, empreendimento: name, corretor_id: 7, corretor: 'Ana Lima',
            valor: 1_000 + n, comissao_valor: 10, data_venda: '2025-03-20', ativo: 'S', situacao: 'Vendida',
          }]);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await tx.query(`update public.vendas set situacao = 'Distrato' where cvcrm_id = $1`, [10_000 + n * 100]);
      });
      await Promise.all([0, 1, 2, 3].map(writer));
      await expectBothPathsAgree(db, [ALL]);
      expect(await selectKpis(db, ALL)).toMatchObject({ total_vendas: 16 });
    });
  }
});
