// The summary table `cvcrm-etl sync` prints when it ends, in pt-BR with pt-BR numbers (the
// progress while it runs is in progress-display.ts).
import { formatElapsed, formatInteger } from '../util/pt-br-format.ts';
import type { ResourceSummary, SyncSummary } from './observer.ts';
import { STATUS_WORDS } from './progress-text.ts';
import type { AccountsSummary } from './run-accounts.ts';

const MODE_WORDS: Record<ResourceSummary['mode'], string> = { full: 'completa', incremental: 'incremental' };

// Text columns are left-aligned, counts and the time right-aligned. Headers are one word each, so
// the columns stay apart in a pipe too.
const COLUMNS: readonly [string, (s: ResourceSummary) => string, 'left' | 'right'][] = [
  ['recurso', (s) => s.resource, 'left'],
  ['situação', (s) => STATUS_WORDS[s.status], 'left'],
  ['modo', (s) => MODE_WORDS[s.mode], 'left'],
  ['requisições', (s) => formatInteger(s.requests), 'right'],
  ['páginas', (s) => formatInteger(s.pages), 'right'],
  ['registros', (s) => formatInteger(s.records), 'right'],
  ['gravados', (s) => formatInteger(s.upserted), 'right'],
  ['rejeitados', (s) => formatInteger(s.rejected), 'right'],
  ['ilegíveis', (s) => formatInteger(s.fieldProblems ?? 0), 'right'],
  ['excluídos', (s) => formatInteger(s.deleted), 'right'],
  ['tempo', (s) => formatElapsed(s.seconds), 'right'],
];

export function formatSummary(summary: SyncSummary): string {
  const table = [COLUMNS.map(([h]) => h), ...summary.resources.map((s) => COLUMNS.map(([, f]) => f(s)))];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) => row.map((cell, i) => (COLUMNS[i]![2] === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const failures = summary.resources.filter((s) => s.status !== 'succeeded' && s.error);
  for (const f of failures) lines.push(`${f.resource}: ${f.error}`);
  for (const s of summary.resources) {
    const n = s.fieldProblems ?? 0;
    if (n > 0) lines.push(`${s.resource}: ${fieldProblemsSentence(n)}`);
  }
  const took = formatElapsed(summary.seconds);
  lines.push(summary.ok ? `sincronização concluída em ${took}` : `sincronização terminada com falhas em ${took}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Every account's table. A single account prints its table alone; several get a heading each,
 * then a line that names the accounts that failed.
 */
export function formatAccountsSummary(summary: AccountsSummary): string {
  const only = summary.accounts.length === 1 ? summary.accounts[0] : undefined;
  if (only !== undefined) return formatSummary(only.summary);
  const parts = summary.accounts.map(({ conta, summary: s }) => `== conta ${conta} ==\n${formatSummary(s)}`);
  const failed = summary.accounts.filter((a) => !a.summary.ok).map((a) => a.conta);
  parts.push(failed.length === 0 ? 'todas as contas sincronizadas\n' : `contas com falha: ${failed.join(', ')}\n`);
  return parts.join('\n');
}

/** Records kept despite an unreadable value: said apart from rejects, with where to look. */
export function fieldProblemsSentence(records: number): string {
  const what = records === 1 ? '1 registro carregado' : `${formatInteger(records)} registros carregados`;
  return `${what} com valor ilegível em algum campo (coluna vazia, payload intacto; detalhes em cvcrm-etl verify)`;
}
