// /metrics for a caller limited to some accounts: series of other accounts (a `conta` label
// naming one) are dropped; series without the label are the process's own and stay.

const ACCOUNT_LABEL = /[{,]\s*conta="((?:[^"\\]|\\.)*)"/;

export function metricsForAccounts(body: string, allowed: readonly string[] | null): string {
  if (allowed === null) return body;
  return body
    .split('\n')
    .filter((line) => {
      if (line.startsWith('#')) return true;
      const match = ACCOUNT_LABEL.exec(line);
      return match === null || allowed.includes(match[1]!);
    })
    .join('\n');
}
