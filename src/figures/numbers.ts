// How every figure rounds and compares numbers: one place, so a card, a series and a CSV never
// disagree on a percentage.

/** Rounds a ratio to two decimals, in percent; null when the denominator is zero. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Change from `previous` to `current`, in percent; null when there is nothing to compare with. */
export function growth(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 10_000) / 100;
}

/** Difference of two percentages, in percentage points; null when either is missing. */
export function pointsDiff(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : round2(current - previous);
}

/** Sum of one numeric field over rows. */
export function sumOf<Row>(rows: readonly Row[], pick: (row: Row) => number): number {
  return rows.reduce((acc, row) => acc + pick(row), 0);
}
