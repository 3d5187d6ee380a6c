// Builds the CVDW client for a source, with the request budget shared through the database.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createCvdwClient, type CvdwClient } from './client.ts';
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
  readonly onRequest?: (resource: string, status: number, seconds: number) => void;
  readonly onRetry?: (resource: string, reason: string) => void;
  readonly onRateLimitWait?: (ms: number, reason: 'budget' | 'pause') => void;
}

export function connectCvdw(options: ConnectOptions): CvdwClient {
  const { db, config, source } = options;
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
      credential: credentialId(source.email, source.baseUrl),
      limit: source.requestsPerMinute ?? config.cvcrm.requestsPerMinute,
      ...(options.budgetWindowMs !== undefined ? { windowMs: options.budgetWindowMs } : {}),
      ...(options.onRateLimitWait ? { onWait: options.onRateLimitWait } : {}),
    }),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.onRetry ? { onRetry: (resource: string, reason: string) => options.onRetry?.(resource, reason) } : {}),
  });
}
