// The figures' pure pieces: rounding and comparison, the months a series covers, the periods the
// cards compare, and VSO from its inputs.
import { describe, expect, it } from 'vitest';
import type { FigureFilter } from '../../src/figures/filter.ts';
import { monthEnd, seriesMonths } from '../../src/figures/months.ts';
import { growth, percent, pointsDiff, round2, sumOf } from '../../src/figures/numbers.ts';
import { comparedPeriods } from '../../src/figures/summary.ts';
import { byRange, vsoFigure } from '../../src/figures/vso.ts';
import type { VsoInputRow } from '../../src/figures/queries/vso.ts';

const NONE = { id: null, name: null };
const filter = (de: string | null, ate: string | null): FigureFilter => ({ de, ate, label: 'x', project: NONE, broker: NONE, contas: null });

const input = (ord: number, id: number, vendas: number, distratos: number, estoque: number, lancadas: number, fonte: 'snapshot' | 'reconstruido' = 'reconstruido'): VsoInputRow => ({
  ord, inicio: '2025-03-01', conta: 'principal', empreendimento_id: id, empreendimento: `P${id}`, vendas, distratos, estoque_inicio: estoque, lancadas, fonte_estoque: fonte,
});

describe('numbers', () => {
  it('percent rounds to two decimals, keeps the sign, and is null over zero', () => {
    expect(percent(2, 13)).toBe(15.38);
    expect(percent(-1, 3)).toBe(-33.33);
    expect(percent(0, 5)).toBe(0);
    expect(percent(3, 0)).toBeNull();
  });
  it('growth compares against the size of the previous value, so a loss that shrinks reads as a rise', () => {
    expect(growth(4, 1)).toBe(300);
    expect(growth(11, 17)).toBe(-35.29);
    expect(growth(-1, -4)).toBe(75);
    expect(growth(5, 0)).toBeNull();
    expect(growth(null, 3)).toBeNull();
    expect(growth(3, null)).toBeNull();
  });
  it('round2, percentage points and sums', () => {
    expect(round2(2.345678)).toBe(2.35);
    expect(pointsDiff(23.53, 5.56)).toBe(17.97);
    expect(pointsDiff(-12.5, 50)).toBe(-62.5);
    expect(pointsDiff(null, 1)).toBeNull();
    expect(sumOf([{ n: 1 }, { n: 2.5 }], (r) => r.n)).toBe(3.5);
    expect(sumOf([], (r: { n: number }) => r.n)).toBe(0);
  });
});

describe('months', () => {
  it('the last day of a month, leap years included', () => {
    expect(monthEnd('2024-02-01')).toBe('2024-02-29');
    expect(monthEnd('2025-02-01')).toBe('2025-02-28');
    expect(monthEnd('2024-12-01')).toBe('2024-12-31');
  });
  it('a series over a new year keeps calendar order and ends in the month of ate', () => {
    const months = seriesMonths(filter('2024-06-10', '2025-01-20'), '2025-03-15');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2024-02-01');
    expect(months.at(-1)).toBe('2025-01-01');
  });
});

describe('compared periods of the cards', () => {
  it('a closed period against the days just before it, of equal length', () => {
    const { current, ate, previous } = comparedPeriods(filter('2025-02-14', '2025-03-15'), '2025-03-15');
    expect([current.de, ate]).toEqual(['2025-02-14', '2025-03-15']);
    expect([previous?.de, previous?.ate]).toEqual(['2025-01-15', '2025-02-13']);
  });
  it('an open end is today, or the first day when that is later', () => {
    expect(comparedPeriods(filter('2025-03-01', null), '2025-03-15').ate).toBe('2025-03-15');
    expect(comparedPeriods(filter('2025-04-01', null), '2025-03-15').ate).toBe('2025-04-01');
  });
  it('a period without a start has nothing to compare with', () => {
    expect(comparedPeriods(filter(null, '2025-03-01'), '2025-03-15').previous).toBeNull();
    expect(comparedPeriods(filter(null, null), '2025-03-15')).toMatchObject({ ate: null, previous: null });
  });
});

describe('VSO from its inputs', () => {
  it('net sales over stock plus launched units, summed over projects', () => {
    const figure = vsoFigure([input(1, 1, 3, 0, 6, 0, 'snapshot'), input(1, 2, 0, 1, 3, 0, 'snapshot'), input(1, 3, 0, 0, 2, 2, 'snapshot')]);
    expect(figure).toEqual({
      vendas: 3, distratos: 1, vendas_liquidas: 2, estoque_inicio: 11, lancadas: 2, oferta: 13, vso_pct: 15.38, fonte_estoque: 'snapshot',
    });
  });
  it('a project with more distratos than sales has a negative VSO; no offer means no VSO', () => {
    expect(vsoFigure([input(1, 2, 0, 1, 3, 0)])).toMatchObject({ vendas_liquidas: -1, vso_pct: -33.33 });
    expect(vsoFigure([input(1, 2, 1, 0, 0, 0)]).vso_pct).toBeNull();
    expect(vsoFigure([])).toMatchObject({ oferta: 0, vso_pct: null, fonte_estoque: null });
  });
  it('rows are grouped by their range; a range without rows stays empty', () => {
    const groups = byRange([input(2, 1, 1, 0, 1, 0), input(1, 1, 2, 0, 1, 0), input(2, 2, 3, 0, 1, 0)], 3);
    expect(groups.map((g) => g.map((r) => r.vendas))).toEqual([[2], [1, 3], []]);
  });
});
