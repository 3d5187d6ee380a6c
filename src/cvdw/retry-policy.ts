// Which failures are worth another attempt, and how long to wait before it. Pure.
import {
  CvdwError, CvdwHttpError, CvdwInvalidResponseError, CvdwNetworkError, CvdwRateLimitError, CvdwTimeoutError,
} from './errors.ts';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

/** 429, 422 and 5xx, timeouts, resets and broken bodies are transient; 400, 401, 404 are not. */
export function isTransient(error: unknown): boolean {
  if (error instanceof CvdwRateLimitError) return true;
  if (error instanceof CvdwHttpError) return error.status === 422 || error.status >= 500;
  return error instanceof CvdwTimeoutError || error instanceof CvdwNetworkError || error instanceof CvdwInvalidResponseError;
}

/** Exponential backoff with full jitter: a random wait in [base·2^attempt / 2, base·2^attempt]. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function retryReason(error: CvdwError): string {
  if (error instanceof CvdwHttpError) return `http_${error.status}`;
  if (error instanceof CvdwTimeoutError) return 'timeout';
  if (error instanceof CvdwNetworkError) return 'network';
  if (error instanceof CvdwInvalidResponseError) return 'invalid_response';
  return 'other';
}
