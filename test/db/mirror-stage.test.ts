// A page reaches the mirror through the session's staging table, by COPY or, on a handle that
// cannot COPY, as one statement: both write the same values, awkward characters included.
import { expect, it } from 'vitest';
import { PRINCIPAL_ACCOUNT } from '../../src/config-accounts.ts';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import type { Queryable } from '../../src/db/database.ts';
import { upsertMirrorRows } from '../../src/db/queries/mirror.ts';
import { mapPage } from '../../src/sync/map-page.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const RESERVAS = getResource('reservas');

const awkward = (referencia: string) => ({
  referencia, referencia_data: '2025-04-01 08:00:00', idreserva: Number(referencia), ativo: 'S',
  situacao: 'tab\there, newline\nthere, back\\slash, \\N and \\. alone, aspas "duplas", acentuação',
  valor_contrato: '1.234,56', campos_adicionais: [{ nome: 'x\ty', valor: '12' }], campos_adicionais_contrato: '12',
});

const stored = async (db: Queryable, referencia: string) => (await db.query<Record<string, unknown>>(
  `select situacao, valor_contrato, campos_adicionais, campos_adicionais_contrato, payload, seen_in_run
   from cvdw.reservas where conta = $1 and referencia = $2`, [PRINCIPAL_ACCOUNT, referencia])).rows[0];

describeEachDatabase('the mirror load', (get) => {
  it('writes the same row by COPY and by statement, and updates it when read again', async () => {
    const { db } = get();
    const copied = mapPage(RESERVAS, [awkward('1')], { storage: 'full' });
    const sent = mapPage(RESERVAS, [awkward('2')], { storage: 'full' });
    const written = await db.transaction(async (tx) => {
      expect(tx.copyRows).toBeTypeOf('function');
      const byCopy = await upsertMirrorRows(tx, PRINCIPAL_ACCOUNT, RESERVAS, copied.rows, 7);
      // A wrapper that forwards only `query`, as a test probe or a timing wrapper may be.
      const plain: Queryable = { query: (sql, params) => tx.query(sql, params) };
      const byStatement = await upsertMirrorRows(plain, PRINCIPAL_ACCOUNT, RESERVAS, sent.rows, 7);
      return byCopy + byStatement;
    });
    expect(written).toBe(2);
    const one = await stored(db, '1');
    const two = await stored(db, '2');
    expect(one).toEqual({ ...two, payload: { ...(two!.payload as object), referencia: '1', idreserva: 1 } });
    expect(one).toMatchObject({
      situacao: awkward('1').situacao, valor_contrato: 1234.56, campos_adicionais: [{ nome: 'x\ty', valor: '12' }],
      campos_adicionais_contrato: '12', payload: awkward('1'), seen_in_run: 7,
    });

    // Read again (outside any transaction: the load takes one of its own), it replaces the row.
    const again = mapPage(RESERVAS, [{ ...awkward('1'), situacao: 'Vendida' }], { storage: 'full' });
    expect(await upsertMirrorRows(db, PRINCIPAL_ACCOUNT, RESERVAS, again.rows, 8)).toBe(1);
    expect(await stored(db, '1')).toMatchObject({ situacao: 'Vendida', seen_in_run: 8 });
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from cvdw.reservas');
    expect(rows[0]!.n).toBe(2);
  });
});
