import { describe, expect, it } from 'vitest';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import { mapPage, rejectedWithKey } from '../../src/sync/map-page.ts';

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

  it('names the keys of records rejected whole, once, unless the page loaded another version of them', () => {
    let deep: unknown = 'fundo';
    for (let i = 0; i < 40; i++) deep = [deep];
    const page = mapPage(reservas, [
      { referencia: '20', campos_adicionais: deep },
      { referencia: ' 20 ', campos_adicionais: deep },
      { referencia: '21', campos_adicionais: deep },
      { referencia: '21', idreserva: 21 },
      { referencia: '22', observacao: 'x'.repeat(1_000_001) },
      { sem_chave: true },
    ], FULL);
    expect(page.rows.map((r) => r.referencia)).toEqual(['21']);
    expect(page.rejections.map((r) => r.referencia)).toEqual(['20', '20', '21', '22', null]);
    expect(rejectedWithKey(page)).toEqual(['20', '22']);
  });
});
