// One sync of several resources of one account: one CVDW client and the account's request budget
// for all of them, each resource under its (account, resource) lease so no two processes sync it
// at once, a summary per resource.
import { hostname } from 'node:os';
import type { AccountConfig, Config } from '../config.ts';
import { credentialVariables } from '../config-accounts.ts';
import { expandResources, getResource } from '../cvdw/catalog/index.ts';
import type { CvdwClient } from '../cvdw/client.ts';
import { connectCvdw, type CvdwSource } from '../cvdw/connect.ts';
import { CvdwAuthError } from '../cvdw/errors.ts';
import { abortableSleep } from '../cvdw/request-budget.ts';
import type { BackoffOptions } from '../cvdw/retry-policy.ts';
import type { Database } from '../db/database.ts';
import { requestLedger } from '../db/queries/request-ledger.ts';
import { retryingDatabase } from '../db/retrying-database.ts';
import type { ResourceSummary, SyncObserver, SyncSummary } from './observer.ts';
import { LeaseLostError } from './queries/checkpoint.ts';
import { claimLease, releaseLease } from './queries/lease.ts';
import { ensureResourceState, readResourceState } from './queries/resource-state.ts';
import { finishRunFailed, markRunInterrupted, runTotals } from './queries/runs.ts';
import { syncResource } from './sync-resource.ts';
import { isProcessAlive } from '../util/process-alive.ts';

export type SyncSource = CvdwSource;

export interface SyncOptions {
  readonly resources?: readonly string[];
  readonly full?: boolean;
  /** 'YYYY-MM-DD HH:MM:SS': read from here instead of the watermark. */
  readonly since?: string;
  readonly signal?: AbortSignal;
}

export interface SyncDeps {
  readonly db: Database;
  readonly config: Config;
  /** The one account this sync copies: its rows, bookkeeping, resources and budget. */
  readonly account: AccountConfig;
  readonly source: SyncSource;
  readonly observer?: SyncObserver;
  /** Tuning, mostly for tests: shorter pauses and waits. */
  readonly tuning?: Partial<SyncTuning>;
  /**
   * Who holds the resource leases (default: a fresh one per run). A work unit's run passes the
   * unit's holder, so the unit's renewal timer renews the resource lease too.
   */
  readonly holder?: string;
}

export interface SyncTuning {
  readonly leaseSeconds: number;
  readonly overlapMs: number;
  readonly undatedRecheckMs: number;
  readonly rateLimitPauseMs: number;
  readonly backoff: BackoffOptions;
  /** How long to wait for a resource another process is syncing before giving up on it. */
  readonly leaseWaitMs: number;
  readonly budgetWindowMs: number;
  /** How long to wait for a database that went away (restart, failover) before failing. */
  readonly databaseWaitMs: number;
}

const DEFAULT_TUNING: SyncTuning = {
  leaseSeconds: 120,
  overlapMs: 30 * 60_000,
  undatedRecheckMs: 24 * 3600_000,
  rateLimitPauseMs: 60_000,
  backoff: { baseMs: 1000, maxMs: 30_000 },
  leaseWaitMs: 15 * 60_000,
  budgetWindowMs: 60_000,
  databaseWaitMs: 120_000,
};

export async function runSync(givenDeps: SyncDeps, options: SyncOptions = {}): Promise<SyncSummary> {
  const tuning = { ...DEFAULT_TUNING, ...givenDeps.tuning };
  // A restart of the database server mid-run is waited out, not a failure.
  const deps = { ...givenDeps, db: retryingDatabase(givenDeps.db, { maxWaitMs: tuning.databaseWaitMs }) };
  const started = performance.now();
  const observer = deps.observer ?? {};
  const host = hostname();
  const holder = givenDeps.holder ?? `${host}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const conta = deps.account.name;
  const names = expandResources(options.resources && options.resources.length > 0 ? options.resources : deps.account.resources);
  const requestsBy = new Map<string, number>();
  const client: CvdwClient = connectCvdw({
    ledger: requestLedger(deps.db),
    config: deps.config,
    // The demo simulator's own allowance wins; otherwise the account's budget.
    source: { ...deps.source, requestsPerMinute: deps.source.requestsPerMinute ?? deps.account.requestsPerMinute },
    rateLimitPauseMs: tuning.rateLimitPauseMs,
    backoff: tuning.backoff,
    budgetWindowMs: tuning.budgetWindowMs,
    onRateLimitWait: (ms, reason) => observer.onRateLimitWait?.(ms, reason),
    onRequest: (resource, status, seconds) => {
      requestsBy.set(resource, (requestsBy.get(resource) ?? 0) + 1);
      observer.onRequest?.(resource, status, seconds);
    },
    onRetry: (resource, reason) => observer.onRetry?.(resource, reason),
  });

  const summaries = new Map<string, ResourceSummary>();
  const pending = [...names];
  const waitingSince = new Map<string, number>();
  let authFailed: string | undefined;
  while (pending.length > 0) {
    const name = pending.shift()!;
    const spec = getResource(name);
    if (options.signal?.aborted || authFailed) {
      summaries.set(name, skipped(conta, name, options.full ? 'full' : 'incremental', authFailed ?? 'interrompido antes de começar'));
      continue;
    }
    await ensureResourceState(deps.db, conta, name);
    if (!(await claimLease(deps.db, conta, name, holder, tuning.leaseSeconds, await deadHolder(deps.db, conta, name, host)))) {
      // Another process is syncing it: do the others first, then come back.
      const since = waitingSince.get(name) ?? performance.now();
      waitingSince.set(name, since);
      if (performance.now() - since > tuning.leaseWaitMs) {
        summaries.set(name, skipped(conta, name, options.full ? 'full' : 'incremental', 'outro processo o manteve ocupado'));
        continue;
      }
      pending.push(name);
      if (pending.every((n) => waitingSince.has(n))) await abortableSleep(250, options.signal).catch(() => undefined);
      continue;
    }
    const resourceStarted = performance.now();
    observer.onResourceStart?.(name, options.full ? 'full' : 'incremental');
    let summary: ResourceSummary;
    try {
      const outcome = await syncResource({
        db: deps.db,
        conta,
        client,
        holder,
        host,
        pageSize: deps.config.cvcrm.pageSize,
        leaseSeconds: tuning.leaseSeconds,
        overlapMs: tuning.overlapMs,
        undatedRecheckMs: tuning.undatedRecheckMs,
        pii: deps.config.pii,
        signal: options.signal,
        requestCount: () => requestsBy.get(name) ?? 0,
        onPage: (progress) => observer.onPage?.(name, progress),
      }, spec, { full: options.full ?? false, since: options.since });
      const totals = await runTotals(deps.db, outcome.runId);
      summary = {
        conta,
        resource: name,
        status: outcome.interrupted ? 'failed' : 'succeeded',
        mode: outcome.mode,
        requests: requestsBy.get(name) ?? 0,
        pages: totals?.pages ?? 0,
        records: totals?.records ?? 0,
        upserted: totals?.upserted ?? 0,
        rejected: totals?.rejected ?? 0,
        fieldProblems: totals?.fieldProblems ?? 0,
        deleted: totals?.deleted ?? 0,
        seconds: (performance.now() - resourceStarted) / 1000,
        ...(outcome.interrupted ? { error: 'interrompida; a próxima execução continua da última página carregada' } : {}),
      };
    } catch (error) {
      const stopped = options.signal?.aborted === true;
      const message = stopped ? 'interrompida; a próxima execução continua da última página carregada'
        : error instanceof CvdwAuthError ? authSentence(deps.account, deps.config) : errorSentence(error);
      if (error instanceof CvdwAuthError) authFailed = message;
      const state = await readResourceState(deps.db, conta, name).catch(() => undefined);
      // Lost the lease: the run now in resource_state may be the new holder's, not ours to close.
      const ours = !(error instanceof LeaseLostError) || state?.locked_by === holder;
      if (ours && state?.run_id != null) {
        // Being asked to stop is no failure of the resource: no alert, the run stays resumable.
        if (stopped) await markRunInterrupted(deps.db, state.run_id).catch(() => undefined);
        else await finishRunFailed(deps.db, conta, name, state.run_id, message).catch(() => undefined);
      }
      const totals = state?.run_id != null ? await runTotals(deps.db, state.run_id).catch(() => undefined) : undefined;
      summary = {
        conta, resource: name, status: 'failed', mode: options.full ? 'full' : 'incremental',
        requests: requestsBy.get(name) ?? 0, pages: totals?.pages ?? 0, records: totals?.records ?? 0,
        upserted: totals?.upserted ?? 0, rejected: totals?.rejected ?? 0, fieldProblems: totals?.fieldProblems ?? 0, deleted: 0,
        seconds: (performance.now() - resourceStarted) / 1000, error: message,
      };
    } finally {
      await releaseLease(deps.db, conta, name, holder).catch(() => undefined);
    }
    summaries.set(name, summary);
    observer.onResourceDone?.(summary);
  }
  const resources = names.map((n) => summaries.get(n)!);
  return { conta, resources, ok: resources.every((r) => r.status === 'succeeded'), seconds: (performance.now() - started) / 1000 };
}

/** A lease held by a process on this host that no longer exists may be taken at once. */
export async function deadHolder(db: Database, conta: string, resource: string, host: string): Promise<string | undefined> {
  const state = await readResourceState(db, conta, resource);
  const holder = state?.locked_by;
  if (!holder || state.lock_expired) return undefined;
  const [holderHost, pid] = holder.split(':');
  if (holderHost !== host || !pid || Number(pid) === process.pid) return undefined;
  return isProcessAlive(Number(pid)) ? undefined : holder;
}

function skipped(conta: string, resource: string, mode: 'full' | 'incremental', error: string): ResourceSummary {
  return { conta, resource, status: 'skipped', mode, requests: 0, pages: 0, records: 0, upserted: 0, rejected: 0, deleted: 0, seconds: 0, error };
}

/** A refused credential names the variables of the account that holds it. */
function authSentence(account: AccountConfig, config: Config): string {
  const [email, token] = credentialVariables(account, config.accounts.length);
  return `CVDW recusou as credenciais (HTTP 401): confira ${email} e ${token}.`;
}

/** One sentence for logs and the summary: the error's own message, shortened. */
export function errorSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 300);
}
