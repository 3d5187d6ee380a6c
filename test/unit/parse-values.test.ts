import { describe, expect, it } from 'vitest';
import {
  ValueError, parseInteger, parseJsonValue, parseNumeric, parseText, parseTimestamp,
} from '../../src/sync/parse-values.ts';

function reasonOf(value: unknown): string {
  expect(value).toBeInstanceOf(ValueError);
  return (value as ValueError).reason;
}

describe('parseTimestamp', () => {
  it.each([
    ['2024-08-10 14:05:09', '2024-08-10 14:05:09'],
    ['2024-08-10', '2024-08-10 00:00:00'],
    ['2024-08-10 14:05', '2024-08-10 14:05:00'],
    ['  2024-08-10 14:05:09  ', '2024-08-10 14:05:09'],
    ['10/08/2024', '2024-08-10 00:00:00'],
    ['31/12/2024 23:59', '2024-12-31 23:59:00'],
    ['01/02/2025 07:08:09', '2025-02-01 07:08:09'],
    ['2024-08-10T14:05:09', '2024-08-10 14:05:09'],
    ['2024-08-10T14:05:09Z', '2024-08-10 14:05:09'],
    ['2024-08-10T14:05:09.123-03:00', '2024-08-10 14:05:09'],
    ['2024-02-29 12:00:00', '2024-02-29 12:00:00'],
  ])('%j → %j', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([
    '0000-00-00 00:00:00', '0000-00-00', '00/00/0000', '00/00/0000 00:00:00', '', '   ', null, undefined,
  ])('%j is no date (null)', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });

  it.each([
    '2024-02-30', '2023-02-29', '29/02/2023', '31/04/2024', '2024-13-01', '2024-00-10', '2024-08-10 24:00:00',
    '2024-08-10 12:60:00', '2024-08-10 12:00:60', '1899-12-31', '2201-01-01',
  ])('%j is impossible', (input) => {
    expect(reasonOf(parseTimestamp(input))).toBe('data impossível');
  });

  it.each(['ontem', '10-08-2024', '2024/08/10', '10/8/2024', '2024-08-10 14h05', '20240810'])('%j is unreadable', (input) => {
    expect(reasonOf(parseTimestamp(input))).toBe('data ilegível');
  });

  it('refuses non-string values, never quoting the value in the reason', () => {
    expect(reasonOf(parseTimestamp(20240810))).toBe('esperava uma data, veio um número');
    expect(reasonOf(parseTimestamp({}))).toBe('esperava uma data, veio um objeto');
    expect(reasonOf(parseTimestamp('Maria 1985'))).not.toContain('Maria');
  });
});

describe('parseNumeric', () => {
  it.each<[unknown, number]>([
    [1234.5, 1234.5],
    [0, 0],
    [-12, -12],
    ['1234.5', 1234.5],
    ['1234', 1234],
    ['  350000.00 ', 350000],
    ['-10.25', -10.25],
    ['1.234,56', 1234.56],
    ['1.234.567,8', 1234567.8],
    ['-1.234,56', -1234.56],
    ['1.500', 1500],
    ['1,5', 1.5],
    ['0,25', 0.25],
    ['0.500', 0.5],
    ['0.125', 0.125],
  ])('%j → %d', (input, expected) => {
    expect(parseNumeric(input)).toBe(expected);
  });

  it.each([null, undefined, '', '  '])('%j is no value', (input) => {
    expect(parseNumeric(input)).toBeNull();
  });

  it.each(['abc', 'R$ 100,00', '12,345.67', '1e5', '1.2.3', '1,2,3', '+5', '.5', '5.', '10%', 'NaN', 'Infinity', '1 000'])('%j is rejected', (input) => {
    expect(reasonOf(parseNumeric(input))).toBe('número ilegível');
  });

  it('rejects non-finite numbers, other types and absurdly long digit strings', () => {
    expect(reasonOf(parseNumeric(Number.NaN))).toBe('número não finito');
    expect(reasonOf(parseNumeric(Number.POSITIVE_INFINITY))).toBe('número não finito');
    expect(reasonOf(parseNumeric(true))).toBe('esperava um número, veio um booleano');
    expect(reasonOf(parseNumeric([1]))).toBe('esperava um número, veio uma lista');
    expect(parseNumeric('9'.repeat(41))).toBeInstanceOf(ValueError);
  });
});

describe('parseInteger', () => {
  it.each<[unknown, number]>([[437, 437], ['437', 437], [' 12 ', 12], ['1.234', 1234], ['-3', -3], ['7,0', 7]])('%j → %d', (input, expected) => {
    expect(parseInteger(input)).toBe(expected);
  });

  it('keeps nulls and refuses fractions, unsafe integers and text', () => {
    expect(parseInteger(null)).toBeNull();
    expect(parseInteger('')).toBeNull();
    expect(reasonOf(parseInteger(1.5))).toBe('esperava um número inteiro');
    expect(reasonOf(parseInteger('2,5'))).toBe('esperava um número inteiro');
    expect(reasonOf(parseInteger(2 ** 53))).toBe('esperava um número inteiro');
    expect(reasonOf(parseInteger('12a'))).toBe('número ilegível');
  });
});

describe('parseText', () => {
  it.each([
    ['Ltda &amp; Cia', 'Ltda & Cia'],
    ['Jo&atilde;o da Concei&ccedil;&atilde;o', 'João da Conceição'],
    ['&quot;Vista Mar&quot; &#8211; Torre A', '"Vista Mar" – Torre A'],
    ['&lt;b&gt;', '<b>'],
    ['AT&T sem entidade', 'AT&T sem entidade'],
    ['sem entidades', 'sem entidades'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(parseText(input)).toBe(expected);
  });

  it('turns numbers and booleans into text, keeps null', () => {
    expect(parseText(101)).toBe('101');
    expect(parseText(2.5)).toBe('2.5');
    expect(parseText(false)).toBe('false');
    expect(parseText(null)).toBeNull();
    expect(parseText(undefined)).toBeNull();
  });

  it('refuses objects and arrays', () => {
    expect(reasonOf(parseText({ a: 1 }))).toBe('esperava texto, veio um objeto');
    expect(reasonOf(parseText(['a']))).toBe('esperava texto, veio uma lista');
  });
});

describe('parseJsonValue', () => {
  it('keeps nested values as they are and turns absence into null', () => {
    const nested = [{ idcampo: 1, valores: [[1, 2], { a: null }] }];
    expect(parseJsonValue(nested)).toBe(nested);
    expect(parseJsonValue('texto')).toBe('texto');
    expect(parseJsonValue(0)).toBe(0);
    expect(parseJsonValue(null)).toBeNull();
    expect(parseJsonValue(undefined)).toBeNull();
  });
});
