// The summary table `cvcrm-etl sync` prints when it ends (the progress while it runs is in
// progress-display.ts).
import type { ResourceSummary, SyncSummary } from './observer.ts';
import type { AccountsSummary } from './run-accounts.ts';

const COLUMNS: readonly [string, (s: ResourceSummary) => string][] = [
  ['resource', (s) => s.resource],
  ['status', (s) => s.status],
  ['mode', (s) => s.mode],
  ['requests', (s) => String(s.requests)],
  ['pages', (s) => String(s.pages)],
  ['records', (s) => String(s.records)],
  ['upserted', (s) => String(s.upserted)],
  ['rejected', (s) => String(s.rejected)],
  ['field_problems', (s) => String(s.fieldProblems ?? 0)],
  ['deleted', (s) => String(s.deleted)],
  ['seconds', (s) => s.seconds.toFixed(1)],
];

export function formatSummary(summary: SyncSummary): string {
  const table = [COLUMNS.map(([h]) => h), ...summary.resources.map((s) => COLUMNS.map(([, f]) => f(s)))];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) => row.map((cell, i) => (i === 0 || i === 1 || i === 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const failures = summary.resources.filter((s) => s.status !== 'succeeded' && s.error);
  for (const f of failures) lines.push(`${f.resource}: ${f.error}`);
  for (const s of summary.resources) {
    const n = s.fieldProblems ?? 0;
    if (n > 0) lines.push(`${s.resource}: ${fieldProblemsSentence(n)}`);
  }
  lines.push(summary.ok ? `sync finished in ${summary.seconds.toFixed(1)} s` : `sync finished with failures in ${summary.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/**
 * Every account's table. A single account prints exactly as before; several get a heading each,
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
  const what = records === 1 ? '1 registro carregado' : `${records} registros carregados`;
  return `${what} com valor ilegível em algum campo (coluna vazia, payload intacto; detalhes em cvcrm-etl verify)`;
}
