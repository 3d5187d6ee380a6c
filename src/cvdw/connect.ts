// Builds the CVDW client for a source, with the request budget shared through a ledger, and the
// outcome of every exchange recorded there (what /health and /metrics read). The ledger is given
// (the database, in production): the client knows nothing of where it is kept.
import type { Config } from '../config.ts';
import { createCvdwClient, type CvdwClient } from './client.ts';
import { RequestBudgetBusyError } from './errors.ts';
import { exchangeDetail } from './exchange-outcome.ts';
import { createSharedBudget, credentialId, type RequestSlots } from './request-budget.ts';
import type { BackoffOptions } from './retry-policy.ts';

export interface CvdwSource {
  readonly baseUrl: string;
  readonly email: string;
  readonly token: string;
  /** Overrides CVCRM_REQUESTS_PER_MINUTE (the demo simulator allows more). */
  readonly requestsPerMinute?: number;
}

/** Keeps the outcome of the last exchange per credential and resource. */
export interface ExchangeRecorder {
  record(credential: string, resource: string, status: number, detail: string | null): Promise<void>;
}

/** What the client shares with every other process using the credential. */
export interface RequestLedger {
  readonly slots: RequestSlots;
  readonly exchanges: ExchangeRecorder;
}

export interface ConnectOptions {
  readonly ledger: RequestLedger;
  readonly config: Config;
  readonly source: CvdwSource;
  readonly rateLimitPauseMs?: number;
  readonly backoff?: BackoffOptions;
  readonly budgetWindowMs?: number;
  readonly maxRetries?: number;
  /** false: when no budget slot is free right now, fail with RequestBudgetBusyError instead of waiting. */
  readonly waitForBudget?: boolean;
  readonly onRequest?: (resource: string, status: number, seconds: number) => void;
  readonly onRetry?: (resource: string, reason: string) => void;
  readonly onRateLimitWait?: (ms: number, reason: 'budget' | 'pause') => void;
}

export function connectCvdw(options: ConnectOptions): CvdwClient {
  const { ledger, config, source } = options;
  const credential = credentialId(source.email, source.baseUrl);
  return createCvdwClient({
    baseUrl: source.baseUrl,
    email: source.email,
    token: source.token,
    timeoutMs: config.cvcrm.timeoutMs,
    maxRetries: options.maxRetries ?? config.cvcrm.maxRetries,
    ...(options.rateLimitPauseMs !== undefined ? { rateLimitPauseMs: options.rateLimitPauseMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    budget: createSharedBudget({
      slots: ledger.slots,
      credential,
      limit: source.requestsPerMinute ?? config.cvcrm.requestsPerMinute,
      ...(options.budgetWindowMs !== undefined ? { windowMs: options.budgetWindowMs } : {}),
      ...(options.onRateLimitWait ? { onWait: options.onRateLimitWait } : {}),
      ...(options.waitForBudget === false ? { sleep: (ms: number) => Promise.reject(new RequestBudgetBusyError(ms)) } : {}),
    }),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    onExchange: async (resource, status, error) => {
      // Bookkeeping must never fail a request: a lost row only makes /health probe once more.
      await ledger.exchanges.record(credential, resource, status, exchangeDetail(status, error)).catch(() => undefined);
    },
    ...(options.onRetry ? { onRetry: (resource: string, reason: string) => options.onRetry?.(resource, reason) } : {}),
  });
}
