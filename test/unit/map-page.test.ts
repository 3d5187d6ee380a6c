import { describe, expect, it } from 'vitest';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import { mapPage } from '../../src/sync/map-page.ts';

const reservas = getResource('reservas');
const FULL = { storage: 'full' } as const;

describe('mapPage', () => {
  it('keeps one row per key, the later version, with only that version\'s problems', () => {
    const page = mapPage(reservas, [
      { referencia: '10', idreserva: 10, situacao: 'Reservada', valor_contrato: 'R$ abc' },
      { referencia: '11', idreserva: 11, valor_contrato: 1000 },
      { referencia: 10, idreserva: 10, situacao: 'Vendida', valor_contrato: 250000 },
      { referencia: '12', idreserva: 12, valor_contrato: 500 },
      { referencia: '12', idreserva: 12, valor_contrato: '??' },
    ], FULL);
    expect(page.rows.map((r) => [r.referencia, r.situacao ?? null, r.valor_contrato])).toEqual([
      ['10', 'Vendida', 250000],
      ['11', null, 1000],
      ['12', null, null],
    ]);
    expect(page.problems).toEqual([{ referencia: '12', field: 'valor_contrato', raw: '??', reason: 'número ilegível' }]);
    expect(page.recordsWithProblems).toBe(1);
    expect(page.rejections).toEqual([]);
  });

  it('counts records with problems, not problems, and keeps rejects apart', () => {
    const page = mapPage(reservas, [
      { referencia: '1', valor_contrato: 'x', data_venda: 'y' },
      { referencia: '2', idreserva: 'z' },
      { referencia: '3' },
      { sem_chave: true },
      'texto',
    ], FULL);
    expect(page.rows).toHaveLength(3);
    expect(page.problems).toHaveLength(3);
    expect(page.recordsWithProblems).toBe(2);
    expect(page.rejections.map((r) => [r.referencia, r.reason])).toEqual([
      [null, 'missing or invalid key referencia'],
      [null, 'record is not a JSON object'],
    ]);
    expect(page.rejections[1]!.payload).toEqual({ value: 'texto' });
  });
});
