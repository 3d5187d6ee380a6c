// A page of 500 records refreshes bi with a handful of set-based statements, whatever its size:
// never one statement per record.
import { expect, it } from 'vitest';
import { PRINCIPAL_ACCOUNT } from '../../src/config-accounts.ts';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import type { Queryable } from '../../src/db/database.ts';
import { readPageBefore, refreshAfterPage } from '../../src/sync/business-refresh.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { loadPage, type Rec } from './bi-records.ts';

function counting(tx: Queryable): { db: Queryable; count: () => number } {
  let statements = 0;
  const db: Queryable = {
    query: ((sql: string, params?: unknown[]) => {
      statements++;
      return tx.query(sql, params as never);
    }) as Queryable['query'],
  };
  return { db, count: () => statements };
}

const many = (n: number, make: (i: number) => Rec): Rec[] => Array.from({ length: n }, (_, i) => make(i + 1));

const leads = many(500, (i) => ({
  referencia: String(i), referencia_data: '2025-03-01 08:00:00', ativo: 'S', idlead: i, data_cad: '2025-03-01 09:00:00',
  origem: `Origem ${i % 7}`, idcorretor: i % 40, corretor: `Corretor ${i % 40}`,
}));
const reservas = many(500, (i) => ({
  referencia: String(i), referencia_data: '2025-04-01 08:00:00', ativo: 'S', idreserva: i, data_cad: '2025-03-20 10:00:00',
  idlead: `${i}, ${i + 1}`, situacao: 'Vendida', data_venda: '2025-03-25 10:00:00', valor_contrato: 200000, idcorretor: i % 40,
}));

describeEachDatabase('the cost of a page of 500 in bi', (get) => {
  it('is a handful of statements for every resource that feeds bi', async () => {
    const { db } = get();
    await loadPage(db, 'leads', leads);
    const costs: Record<string, number> = {};
    for (const [resource, records] of [['reservas', reservas], ['leads', leads]] as const) {
      await loadPage(db, resource, records);
      costs[resource] = await db.transaction(async (tx) => {
        const probe = counting(tx);
        const spec = getResource(resource);
        await refreshAfterPage(probe.db, PRINCIPAL_ACCOUNT, spec, records, await readPageBefore(probe.db, PRINCIPAL_ACCOUNT, spec, records));
        return probe.count();
      });
    }
    expect(costs.reservas).toBeLessThanOrEqual(15);
    expect(costs.leads).toBeLessThanOrEqual(10);
    const { rows } = await db.query<{ leads: number; vendas: number; reservas: number }>(
      `select count(*)::int as leads, count(*) filter (where tem_venda)::int as vendas, sum(reservas)::int as reservas from bi.fato_leads`);
    // Lead i is in reservations i-1 and i (lead 1 only in reservation 1; lead 500 also in 499).
    expect(rows[0]).toEqual({ leads: 500, vendas: 500, reservas: 999 });
  });
});
