// One nightly reconciliation slice: pick the resources whose passes to advance (reconcile-plan),
// then advance them one after another under each resource's lease, with one CVDW client and the
// shared request budget, until the slice's request allowance or its window is spent.
import { hostname } from 'node:os';
import type { AccountConfig, Config } from '../config.ts';
import { expandResources, getResource } from '../cvdw/catalog/index.ts';
import { connectCvdw, type CvdwSource } from '../cvdw/connect.ts';
import type { BackoffOptions } from '../cvdw/retry-policy.ts';
import type { Database } from '../db/database.ts';
import { requestLedger } from '../db/queries/request-ledger.ts';
import { retryingDatabase } from '../db/retrying-database.ts';
import { claimLease, releaseLease } from './queries/lease.ts';
import { readReconcileCandidates } from './queries/reconcile-state.ts';
import { ensureResourceState } from './queries/resource-state.ts';
import { planSlice } from './reconcile-plan.ts';
import { reconcileResource } from './reconcile-resource.ts';
import { deadHolder, errorSentence } from './run-sync.ts';

export interface ReconcileSliceDeps {
  readonly db: Database;
  readonly config: Config;
  /** The account whose passes this slice advances. */
  readonly account: AccountConfig;
  readonly source: CvdwSource;
  readonly now?: () => Date;
  readonly tuning?: Partial<ReconcileTuning>;
}

export interface ReconcileTuning {
  readonly leaseSeconds: number;
  readonly rateLimitPauseMs: number;
  readonly backoff: BackoffOptions;
  readonly budgetWindowMs: number;
  readonly databaseWaitMs: number;
}

const DEFAULT_TUNING: ReconcileTuning = {
  leaseSeconds: 120,
  rateLimitPauseMs: 60_000,
  backoff: { baseMs: 1000, maxMs: 30_000 },
  budgetWindowMs: 60_000,
  databaseWaitMs: 120_000,
};

export interface ReconcileSliceOptions {
  /** Requests the slice may make in all. */
  readonly allowance: number;
  /** The slice stops taking pages at this time (the window closes). */
  readonly deadline: Date;
  readonly signal?: AbortSignal;
}

export interface ReconcileResourceReport {
  readonly resource: string;
  /**
   * 'completed': the pass ended and marked what is gone; 'paused': it continues next night;
   * 'busy': a sync held the resource; 'failed'/'interrupted': it resumes from its checkpoint.
   */
  readonly result: 'completed' | 'paused' | 'busy' | 'failed' | 'interrupted';
  readonly requests: number;
  readonly pages: number;
  readonly records: number;
  readonly deleted: number;
  readonly passStartedAt?: Date;
  /** One sentence, no personal data. */
  readonly error?: string;
}

export interface ReconcileSliceSummary {
  readonly planned: readonly string[];
  readonly allowance: number;
  readonly requests: number;
  readonly resources: readonly ReconcileResourceReport[];
}

export async function runReconcileSlice(givenDeps: ReconcileSliceDeps, options: ReconcileSliceOptions): Promise<ReconcileSliceSummary> {
  const tuning = { ...DEFAULT_TUNING, ...givenDeps.tuning };
  const now = givenDeps.now ?? (() => new Date());
  const db = retryingDatabase(givenDeps.db, { maxWaitMs: tuning.databaseWaitMs });
  const { config } = givenDeps;
  const host = hostname();
  const holder = `${host}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  // A cadastro list is one request and every sync of it already reconciles it.
  const conta = givenDeps.account.name;
  const names = expandResources(givenDeps.account.resources).filter((n) => getResource(n).kind !== 'cadastro');
  for (const name of names) await ensureResourceState(db, conta, name);
  const planned = planSlice(await readReconcileCandidates(db, conta, names), now(), config.reconcile.days);

  const requestsBy = new Map<string, number>();
  let requests = 0;
  const client = connectCvdw({
    ledger: requestLedger(db), config,
    source: { ...givenDeps.source, requestsPerMinute: givenDeps.source.requestsPerMinute ?? givenDeps.account.requestsPerMinute },
    rateLimitPauseMs: tuning.rateLimitPauseMs, backoff: tuning.backoff, budgetWindowMs: tuning.budgetWindowMs,
    onRequest: (resource) => {
      requests++;
      requestsBy.set(resource, (requestsBy.get(resource) ?? 0) + 1);
    },
  });
  const mayContinue = (): boolean => options.signal?.aborted !== true && requests < options.allowance && now() < options.deadline;

  const reports: ReconcileResourceReport[] = [];
  for (const name of planned) {
    if (!mayContinue()) break;
    const spec = getResource(name);
    // A sync of this resource is running: it keeps the resource; its pass waits for tomorrow.
    if (!(await claimLease(db, conta, name, holder, tuning.leaseSeconds, await deadHolder(db, conta, name, host)))) {
      reports.push({ resource: name, result: 'busy', requests: 0, pages: 0, records: 0, deleted: 0 });
      continue;
    }
    try {
      const outcome = await reconcileResource({
        db, conta, client, holder, host,
        pageSize: config.cvcrm.pageSize,
        leaseSeconds: tuning.leaseSeconds,
        pii: config.pii,
        signal: options.signal,
        requestCount: () => requestsBy.get(name) ?? 0,
        mayContinue,
      }, spec);
      reports.push({
        resource: name, result: outcome.result, requests: requestsBy.get(name) ?? 0, pages: outcome.pages,
        records: outcome.records, deleted: outcome.deleted, passStartedAt: outcome.passStartedAt,
      });
    } catch (error) {
      reports.push({
        resource: name, result: options.signal?.aborted ? 'interrupted' : 'failed', requests: requestsBy.get(name) ?? 0,
        pages: 0, records: 0, deleted: 0, error: errorSentence(error),
      });
    } finally {
      await releaseLease(db, conta, name, holder).catch(() => undefined);
    }
  }
  return { planned, allowance: options.allowance, requests, resources: reports };
}
