// Several accounts synced at once: each account has its own credential, budget, leases and
// bookkeeping, so they progress in parallel and one account's failure (a bad token, a 429 storm,
// timeouts) stays in its own summary instead of failing or delaying the others.
import type { AccountConfig } from '../config.ts';
import { combineObservers, type ResourceSummary, type SyncObserver, type SyncSummary } from './observer.ts';
import { errorSentence, runSync, type SyncDeps, type SyncOptions, type SyncSource } from './run-sync.ts';

export type AccountsDeps = Omit<SyncDeps, 'account' | 'source'> & {
  sourceFor(account: AccountConfig): SyncSource;
  /** An observer of one account's events (e.g. labelled with its name); `observer` sees all. */
  observerFor?(account: AccountConfig): SyncObserver | undefined;
};

export interface AccountsOptions extends SyncOptions {
  /** Names of the accounts to sync; absent or empty: every configured account. */
  readonly contas?: readonly string[];
}

export interface AccountsSummary {
  readonly ok: boolean;
  readonly accounts: readonly { readonly conta: string; readonly summary: SyncSummary }[];
}

/** The configured accounts a selection names, in configuration order; throws on an unknown name. */
export function selectAccounts(accounts: readonly AccountConfig[], contas: readonly string[] | undefined): AccountConfig[] {
  if (contas === undefined || contas.length === 0) return [...accounts];
  const known = new Set(accounts.map((a) => a.name));
  const unknown = contas.find((c) => !known.has(c));
  if (unknown !== undefined) throw new UnknownAccountError(unknown, accounts.map((a) => a.name));
  return accounts.filter((a) => contas.includes(a.name));
}

export class UnknownAccountError extends Error {
  constructor(readonly conta: string, readonly known: readonly string[]) {
    super(`A conta "${conta.slice(0, 32)}" não está configurada (contas: ${known.join(', ')}).`);
    this.name = 'UnknownAccountError';
  }
}

export async function runAccounts(deps: AccountsDeps, options: AccountsOptions = {}): Promise<AccountsSummary> {
  const { sourceFor, observerFor, observer, ...shared } = deps;
  const selected = selectAccounts(deps.config.accounts, options.contas);
  const { contas: _contas, ...syncOptions } = options;
  const results = await Promise.all(selected.map(async (account) => {
    const started = performance.now();
    try {
      const own = observerFor?.(account);
      const combined = own && observer ? combineObservers(observer, own) : own ?? observer;
      const summary = await runSync({ ...shared, account, source: sourceFor(account), ...(combined ? { observer: combined } : {}) }, syncOptions);
      return { conta: account.name, summary };
    } catch (error) {
      // runSync reports per resource; anything escaping it (the database lost for good) still
      // belongs to this account alone.
      return { conta: account.name, summary: failedAccount(account, errorSentence(error), (performance.now() - started) / 1000) };
    }
  }));
  return { ok: results.every((r) => r.summary.ok), accounts: results };
}

function failedAccount(account: AccountConfig, error: string, seconds: number): SyncSummary {
  const resources: ResourceSummary[] = account.resources.map((resource) => ({
    conta: account.name, resource, status: 'failed', mode: 'incremental', requests: 0, pages: 0, records: 0, upserted: 0, rejected: 0, deleted: 0, seconds: 0, error,
  }));
  return { conta: account.name, resources, ok: false, seconds };
}
