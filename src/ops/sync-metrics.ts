// Which sync figures /metrics shows, and how each is derived from one read of the database.
// Every sync series carries the account (`conta`); the API's series are kept per credential in
// the database and are given the account of their credential here. Pure apart from readSyncSnapshot.
import type { Queryable } from '../db/database.ts';
import { contaLabel, resourceLabel, statusLabel } from './metric-labels.ts';
import { readResourceHealth, type ResourceHealthRow } from './queries/resource-health.ts';
import {
  readBudgetNow, readExchangeCounts, readLastRuns, readReconcileLast, readRunTotals,
  type BudgetNow, type ExchangeCount, type LastRun, type ReconcileLast, type RunTotals,
} from './queries/sync-figures.ts';

/** An account and the id of its credential (credentialId(email, baseUrl)). */
export interface AccountCredential {
  readonly conta: string;
  readonly credential: string;
}

export interface SyncSnapshot {
  readonly resources: readonly ResourceHealthRow[];
  readonly totals: readonly RunTotals[];
  readonly lastRuns: readonly LastRun[];
  readonly reconciled: readonly ReconcileLast[];
  /** Exchanges with the account of their credential (`other` for a credential no account has now). */
  readonly exchanges: readonly (ExchangeCount & { readonly conta: string })[];
  /** One entry per configured account (zeros when it made no request), then unknown credentials. */
  readonly budget: readonly (BudgetNow & { readonly conta: string })[];
}

export type Sample = readonly [labels: Record<string, string>, value: number];

export interface DatabaseMetric {
  /** Without the cvcrm_etl_ prefix. */
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly labelNames: readonly string[];
  readonly samples: (s: SyncSnapshot) => readonly Sample[];
}

export async function readSyncSnapshot(db: Queryable, accounts: readonly AccountCredential[] = []): Promise<SyncSnapshot | undefined> {
  try {
    const contaOf = new Map(accounts.map((a) => [a.credential, a.conta]));
    // Several accounts may share one credential; the first one configured names its series.
    const accountOf = (credential: string) => contaOf.get(credential) ?? 'other';
    const budget = await readBudgetNow(db);
    const byCredential = new Map(budget.map((b) => [b.credential, b]));
    const seen = new Set<string>();
    const perAccount: (BudgetNow & { conta: string })[] = [];
    for (const a of accounts) {
      if (seen.has(a.credential)) continue;
      seen.add(a.credential);
      perAccount.push({ ...(byCredential.get(a.credential) ?? { credential: a.credential, requestsLastMinute: 0, pausedUntil: null }), conta: a.conta });
    }
    for (const b of budget) if (!seen.has(b.credential)) perAccount.push({ ...b, conta: 'other' });
    return {
      resources: await readResourceHealth(db),
      totals: await readRunTotals(db),
      lastRuns: await readLastRuns(db),
      reconciled: await readReconcileLast(db),
      exchanges: (await readExchangeCounts(db)).map((e) => ({ ...e, conta: accountOf(e.credential) })),
      budget: perAccount,
    };
  } catch {
    // A scrape must not fail because the database is down; /health reports that.
    return undefined;
  }
}

function byResource<T extends { readonly conta: string; readonly resource: string }>(rows: readonly T[], value: (row: T) => number | null): Sample[] {
  return rows.flatMap((row) => {
    const v = value(row);
    return v === null ? [] : [[{ conta: contaLabel(row.conta), resource: resourceLabel(row.resource) }, v] as const];
  });
}

/** Adds up samples that share a label set (several statuses, or names squashed to one label). */
function summed(samples: readonly Sample[]): Sample[] {
  const sums = new Map<string, Sample>();
  for (const [labels, value] of samples) {
    const key = JSON.stringify(labels);
    sums.set(key, [labels, (sums.get(key)?.[1] ?? 0) + value]);
  }
  return [...sums.values()];
}

/** Keeps the highest value of samples that share a label set (a time, not a count). */
function latest(samples: readonly Sample[]): Sample[] {
  const max = new Map<string, Sample>();
  for (const sample of samples) {
    const key = JSON.stringify(sample[0]);
    const seen = max.get(key);
    if (seen === undefined || sample[1] > seen[1]) max.set(key, sample);
  }
  return [...max.values()];
}

function runStatusLabel(status: string): string {
  return ['running', 'succeeded', 'failed', 'interrupted'].includes(status) ? status : 'other';
}

export const DATABASE_METRICS: readonly DatabaseMetric[] = [
  {
    name: 'last_success_timestamp_seconds', help: 'Unix time of the last successful sync of each resource', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.resources, (r) => (r.lastSuccessAt === null ? null : r.lastSuccessAt.getTime() / 1000)),
  },
  {
    name: 'consecutive_failures', help: 'Failed syncs of each resource since its last success', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.resources, (r) => r.consecutiveFailures),
  },
  {
    // A gauge, not a counter: a failed run that the next sync resumes becomes 'succeeded', so the
    // number of failed runs can go down.
    name: 'sync_runs', help: 'Sync runs of each resource by their current status (running, succeeded, failed, interrupted; a resumed run counts once, by how it ended)', type: 'gauge', labelNames: ['conta', 'resource', 'status'],
    samples: (s) => summed(s.totals.map((t) => [{ conta: contaLabel(t.conta), resource: resourceLabel(t.resource), status: runStatusLabel(t.status) }, t.runs] as const)),
  },
  {
    name: 'records_total', help: 'Records read from CVDW, every sync run', type: 'counter', labelNames: ['conta', 'resource'],
    samples: (s) => summed(byResource(s.totals, (t) => t.records)),
  },
  {
    name: 'records_upserted_total', help: 'Records written to the database, every sync run', type: 'counter', labelNames: ['conta', 'resource'],
    samples: (s) => summed(byResource(s.totals, (t) => t.upserted)),
  },
  {
    name: 'records_rejected_total', help: 'Records rejected by validation, every sync run', type: 'counter', labelNames: ['conta', 'resource'],
    samples: (s) => summed(byResource(s.totals, (t) => t.rejected)),
  },
  {
    name: 'records_with_field_problems_total', help: 'Records loaded with an unreadable field left empty (details in etl.field_problems), every sync run', type: 'counter', labelNames: ['conta', 'resource'],
    samples: (s) => summed(byResource(s.totals, (t) => t.fieldProblems)),
  },
  {
    name: 'last_run_records', help: 'Records read by the last finished sync of each resource', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.lastRuns, (r) => r.records),
  },
  {
    name: 'last_run_upserted_records', help: 'Records written by the last finished sync of each resource', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.lastRuns, (r) => r.upserted),
  },
  {
    name: 'last_run_rejected_records', help: 'Records rejected by the last finished sync of each resource', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.lastRuns, (r) => r.rejected),
  },
  {
    name: 'last_run_duration_seconds', help: 'Duration of the last finished sync of each resource', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.lastRuns, (r) => r.seconds),
  },
  {
    name: 'reconcile_last_success_timestamp_seconds', help: 'Unix time the last nightly reconciliation slice of each resource ended well (pass completed, or paused at its share)', type: 'gauge', labelNames: ['conta', 'resource'],
    samples: (s) => byResource(s.reconciled, (r) => r.succeededAt.getTime() / 1000),
  },
  {
    name: 'api_requests_total', help: 'CVDW requests by HTTP status (0: network error or timeout), every process', type: 'counter', labelNames: ['conta', 'resource', 'status'],
    samples: (s) => summed(s.exchanges.map((e) => [{ conta: contaLabel(e.conta), resource: resourceLabel(e.resource), status: statusLabel(e.status) }, e.exchanges] as const)),
  },
  {
    name: 'api_requests_last_minute', help: 'CVDW requests made in the last minute by every process with each account\'s credential (its shared budget)', type: 'gauge', labelNames: ['conta'],
    samples: (s) => summed(s.budget.map((b) => [{ conta: contaLabel(b.conta) }, b.requestsLastMinute] as const)),
  },
  {
    name: 'api_paused_until_timestamp_seconds', help: 'Unix time until which every process using the account\'s credential waits after a 429 (0: no pause)', type: 'gauge', labelNames: ['conta'],
    samples: (s) => latest(s.budget.map((b) => [{ conta: contaLabel(b.conta) }, b.pausedUntil === null ? 0 : b.pausedUntil.getTime() / 1000] as const)),
  },
];
