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

/**
 * The longest pause a 429 may impose. The pause is shared by every process through the database
 * and survives restarts, so one absurd Retry-After (a day, a date years ahead) would otherwise stop
 * every sync for that long.
 */
export const MAX_RATE_LIMIT_PAUSE_MS = 10 * 60_000;

/** Retry-After in seconds or as an HTTP date, at most MAX_RATE_LIMIT_PAUSE_MS; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return capPause(Math.round(Number(header) * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : capPause(Math.max(0, date - nowMs));
}

/** How long to pause after a 429: Retry-After when the server sent one, else the configured pause; never over the cap. */
export function rateLimitPauseMs(retryAfterMs: number | undefined, fallbackMs: number): number {
  return capPause(retryAfterMs ?? fallbackMs);
}

function capPause(ms: number): number {
  return Math.min(ms, MAX_RATE_LIMIT_PAUSE_MS);
}

export function retryReason(error: CvdwError): string {
  if (error instanceof CvdwHttpError) return `http_${error.status}`;
  if (error instanceof CvdwTimeoutError) return 'timeout';
  if (error instanceof CvdwNetworkError) return 'network';
  if (error instanceof CvdwInvalidResponseError) return 'invalid_response';
  return 'other';
}
