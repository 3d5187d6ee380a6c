// The pure parts of the generator: ordering math, the situation plan, CPFs, date parsing.
import { describe, expect, it } from 'vitest';
import { parseNaive, formatDateTime, NULL_TIME, ZERO_TIME } from '../../src/simulator/naive-time.ts';
import { cpf, isValidCpf } from '../../src/simulator/people.ts';
import { StatusPlan } from '../../src/simulator/reservation-status.ts';
import { Rng } from '../../src/simulator/rng.ts';
import { lowerBound, Timeline } from '../../src/simulator/timeline.ts';
import { isLoopback } from '../../src/simulator/control-routes.ts';

describe('timeline', () => {
  it('is non-decreasing, null and zero first, with runs, for many shapes', () => {
    for (const count of [1, 7, 64, 999, 2_000, 5_000]) {
      const timeline = new Timeline({ seed: count, tag: 9, count, nullCount: 2, zeroCount: 3, start: 1_600_000_000, end: 1_660_000_000 });
      let previous = -Infinity;
      let longest = 1;
      let run = 1;
      const problems: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const key = timeline.sortKey(i);
        const expected = i < 2 ? NULL_TIME : i < 5 ? ZERO_TIME : undefined;
        if (key < previous) problems.push(`${i}: goes back`);
        if (expected !== undefined && key !== expected) problems.push(`${i}: ${key} instead of ${expected}`);
        if (expected === undefined && (key >= 1_660_000_000 || timeline.nominal(i) > key)) problems.push(`${i}: out of range`);
        run = key === previous && key >= 0 ? run + 1 : 1;
        longest = Math.max(longest, run);
        previous = key;
      }
      expect(problems).toEqual([]);
      if (count >= 2_000) expect(longest).toBeGreaterThanOrEqual(600);
      else if (count >= 999) expect(longest).toBeGreaterThan(1);
    }
  });

  it('finds bounds by binary search', () => {
    const keys = [1, 3, 3, 3, 7];
    expect(lowerBound(keys.length, (i) => keys[i] ?? 0, 3)).toBe(1);
    expect(lowerBound(keys.length, (i) => keys[i] ?? 0, 4)).toBe(4);
    expect(lowerBound(keys.length, (i) => keys[i] ?? 0, 8)).toBe(5);
  });
});

describe('situation plan', () => {
  it('maps the k-th sale and the rank of a reservation both ways', () => {
    const plan = new StatusPlan(11, 1_234, 1_100);
    const sold: number[] = [];
    const distratos: number[] = [];
    for (let i = 0; i < 1_234; i += 1) {
      const s = plan.statusOf(i);
      if (s === 'Vendida' || s === 'Distrato') sold.push(i);
      if (s === 'Distrato') distratos.push(i);
      if (i < 1_080) expect(['Vendida', 'Distrato', 'Cancelada']).toContain(s);
    }
    expect(plan.total('sold')).toBe(sold.length);
    expect(plan.total('distrato')).toBe(distratos.length);
    sold.forEach((index, k) => {
      expect(plan.kth(k, 'sold')).toBe(index);
      expect(plan.rank(index, 'sold')).toBe(k);
    });
    distratos.forEach((index, k) => expect(plan.kth(k, 'distrato')).toBe(index));
    expect(plan.kth(sold.length, 'sold')).toBeGreaterThanOrEqual(1_234);
  });
});

describe('values', () => {
  it('generates valid CPFs and rejects invalid ones', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 500; i += 1) expect(isValidCpf(cpf(rng))).toBe(true);
    expect(isValidCpf('11111111111')).toBe(false);
    expect(isValidCpf('12345678900')).toBe(false);
    expect(isValidCpf('52998224725')).toBe(true);
  });

  it('parses naive dates strictly and formats them back', () => {
    expect(parseNaive('0000-00-00 00:00:00')).toBeUndefined();
    expect(parseNaive('2024-13-45')).toBeUndefined();
    expect(parseNaive('2023-02-29')).toBeUndefined();
    expect(parseNaive('2024-02-29 23:59:59')?.hasTime).toBe(true);
    expect(parseNaive('2024-02-29')?.hasTime).toBe(false);
    const parsed = parseNaive('2024-02-29 23:59:59');
    expect(formatDateTime(parsed?.seconds ?? 0)).toBe('2024-02-29 23:59:59');
  });

  it('knows loopback addresses', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true);
    for (const address of ['10.0.0.5', '192.168.1.2', undefined]) expect(isLoopback(address)).toBe(false);
  });
});
