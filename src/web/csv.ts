// CSV for Brazilian Excel: UTF-8 with a BOM (so accents open correctly), ';' between cells and a
// decimal comma — pt-BR Excel uses ',' as the decimal mark and therefore ';' as the list
// separator. Dates stay ISO (AAAA-MM-DD), which Excel also reads as dates and scripts parse
// without ambiguity. Text cells that a spreadsheet would run as a formula are prefixed with ' ,
// also when the formula sign follows blanks (spreadsheets skip them) or is a full-width one
// (＝＋－＠, which some spreadsheets read as the ASCII sign); numbers stay numbers.

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
}

const BOM = '\uFEFF';
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') {
    text = Number.isFinite(value) ? String(value).replace('.', ',') : '';
  } else if (typeof value === 'boolean') {
    text = value ? 'sim' : 'não';
  } else if (value instanceof Date) {
    text = value.toISOString();
  } else {
    text = String(value);
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(';'));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/**
 * Every key of Row, in the order written: `{ [key]: true }` for each, which the compiler checks
 * complete, so an answer with no rows still has its header row.
 */
export function csvKeys<Row extends object>(keys: { readonly [K in keyof Row & string]: true }): (keyof Row & string)[] {
  return Object.keys(keys) as (keyof Row & string)[];
}

/**
 * Columns taken as-is from the row's keys (for simple tabular answers), headed by the key names.
 * An answer that can have no rows must name its keys (csvKeys): the first row is not there to
 * read them from.
 */
export function columnsOf<Row extends object>(rows: readonly Row[], keys?: readonly (keyof Row & string)[]): CsvColumn<Row>[] {
  // `conta` is a column only when the rows name their account (several accounts configured).
  const named = keys?.filter((k) => k !== 'conta' || (rows[0] !== undefined && 'conta' in rows[0]));
  const names = named ?? (rows[0] ? (Object.keys(rows[0]) as (keyof Row & string)[]) : []);
  return names.map((name) => ({ header: name, value: (row: Row) => row[name] }));
}
