// Renders the data dictionary as Markdown (docs/dicionario.md) or CSV (spreadsheets).
import type { DictionaryEntry } from '../db/queries/dictionary.ts';

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

export function dictionaryMarkdown(entries: readonly DictionaryEntry[]): string {
  const lines = [
    '# Dicionário de dados',
    '',
    'Gerado por `cvcrm-etl dicionario` a partir dos comentários do banco (`COMMENT ON`), os mesmos que o',
    'Metabase e o Power BI mostram. Não edite à mão: rode `npm run dicionario`.',
  ];
  for (const entry of entries) {
    if (entry.column === null) {
      lines.push('', `## ${entry.schema}.${entry.table} (${entry.kind})`, '', mdCell(entry.comment), '', '| Coluna | Tipo | Descrição |', '| --- | --- | --- |');
    } else {
      lines.push(`| \`${entry.column}\` | ${mdCell(entry.type ?? '')} | ${mdCell(entry.comment)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function dictionaryCsv(entries: readonly DictionaryEntry[]): string {
  const rows = [['esquema', 'tabela', 'tipo_objeto', 'coluna', 'tipo', 'descricao']];
  for (const e of entries) rows.push([e.schema, e.table, e.kind, e.column ?? '', e.type ?? '', e.comment]);
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
