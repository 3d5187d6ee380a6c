// Builds the CVDW client for a source, with the request budget shared through the database, and
// the outcome of every exchange recorded there (what /health and /metrics read).
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { recordApiExchange } from '../db/queries/api-exchanges.ts';
import { createCvdwClient, type CvdwClient } from './client.ts';
import { RequestBudgetBusyError } from './errors.ts';
import { exchangeDetail } from './exchange-outcome.ts';
import { createDatabaseBudget, credentialId } from './request-budget.ts';
import type { BackoffOptions } from './retry-policy.ts';

export interface CvdwSource {
  readonly baseUrl: string;
  readonly email: string;
  readonly token: string;
  /** Overrides CVCRM_REQUESTS_PER_MINUTE (the demo simulator allows more). */
  readonly requestsPerMinute?: number;
}

export interface ConnectOptions {
  readonly db: Database;
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
  const { db, config, source } = options;
  const credential = credentialId(source.email, source.baseUrl);
  return createCvdwClient({
    baseUrl: source.baseUrl,
    email: source.email,
    token: source.token,
    timeoutMs: config.cvcrm.timeoutMs,
    maxRetries: options.maxRetries ?? config.cvcrm.maxRetries,
    ...(options.rateLimitPauseMs !== undefined ? { rateLimitPauseMs: options.rateLimitPauseMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    budget: createDatabaseBudget({
      db,
      credential,
      limit: source.requestsPerMinute ?? config.cvcrm.requestsPerMinute,
      ...(options.budgetWindowMs !== undefined ? { windowMs: options.budgetWindowMs } : {}),
      ...(options.onRateLimitWait ? { onWait: options.onRateLimitWait } : {}),
      ...(options.waitForBudget === false ? { sleep: (ms: number) => Promise.reject(new RequestBudgetBusyError(ms)) } : {}),
    }),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    onExchange: async (resource, status, error) => {
      // Bookkeeping must never fail a request: a lost row only makes /health probe once more.
      await recordApiExchange(db, credential, resource, status, exchangeDetail(status, error)).catch(() => undefined);
    },
    ...(options.onRetry ? { onRetry: (resource: string, reason: string) => options.onRetry?.(resource, reason) } : {}),
  });
}
