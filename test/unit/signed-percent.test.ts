// The dashboard's change figures ("variação") keep their sign: a fall reads "-12,5%", not "12,5%".
import { expect, it } from 'vitest';

// The browser module is loaded as is (plain JavaScript shared with the page).
const FORMAT_MODULE: string = '../../src/web/static/format.js';
const { signedPct } = (await import(FORMAT_MODULE)) as { signedPct: (v: number | null | undefined) => string };

it('a fall keeps its minus sign, a rise gets a plus, zero and missing stay neutral', () => {
  expect(signedPct(-12.5)).toBe('-12,5%');
  expect(signedPct(12.5)).toBe('+12,5%');
  expect(signedPct(0)).toBe('0,0%');
  expect(signedPct(null)).toBe('—');
  expect(signedPct(undefined)).toBe('—');
});
