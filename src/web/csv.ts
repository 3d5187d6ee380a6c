// CSV for Brazilian Excel: UTF-8 with a BOM (so accents open correctly), ';' between cells and a
// decimal comma — pt-BR Excel uses ',' as the decimal mark and therefore ';' as the list
// separator. Dates stay ISO (AAAA-MM-DD), which Excel also reads as dates and scripts parse
// without ambiguity. Cells that a spreadsheet would run as a formula are prefixed with ' .

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
}

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

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

/** Columns taken as-is from the keys of the first row (for simple tabular answers). */
export function columnsOf<Row extends object>(rows: readonly Row[], keys?: readonly (keyof Row & string)[]): CsvColumn<Row>[] {
  const names = keys ?? (rows[0] ? (Object.keys(rows[0]) as (keyof Row & string)[]) : []);
  return names.map((name) => ({ header: name, value: (row: Row) => row[name] }));
}
