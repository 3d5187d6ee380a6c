// Waits for permission to send one CVDW request: inside CVCRM_REQUESTS_PER_MINUTE across every
// process sharing the database, and never during a 429 pause.
import { createHash } from 'node:crypto';
import { MAX_RATE_LIMIT_PAUSE_MS } from './retry-policy.ts';

export interface RequestBudget {
  /** Resolves when a request may be sent; reports each wait. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Every process waits `ms` (at most the cap) before its next request (after a 429); reported as a wait. */
  pause(ms: number): Promise<void>;
}

/**
 * Where the budget is kept, shared by every process using the credential (the database, in
 * production); the client only needs these two operations.
 */
export interface RequestSlots {
  /** 0 when a slot was taken; otherwise how long to wait before asking again (negative during a 429 pause). */
  tryTake(credential: string, limit: number, windowMs: number, maxPauseMs: number): Promise<number>;
  /** Every process waits until `pauseMs` from now (never more than `maxPauseMs`). */
  pause(credential: string, pauseMs: number, maxPauseMs: number): Promise<void>;
}

export interface BudgetOptions {
  readonly slots: RequestSlots;
  /** Any stable identity of the credential; only its hash is stored. */
  readonly credential: string;
  readonly limit: number;
  readonly windowMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Before each wait, with its length: for the budget, or for a 429 pause (when it starts and while it lasts). */
  readonly onWait?: (ms: number, reason: 'budget' | 'pause') => void;
}

/**
 * The window is a little longer than a minute: the server sees our requests a few milliseconds
 * after we count them, and a sliding window that matches its own exactly could be one over.
 */
const WINDOW_MARGIN_MS = 500;

export function credentialId(email: string, baseUrl: string): string {
  return createHash('sha256').update(`${baseUrl}\n${email.toLowerCase()}`).digest('hex').slice(0, 24);
}

export function createSharedBudget(options: BudgetOptions): RequestBudget {
  const windowMs = (options.windowMs ?? 60_000) + WINDOW_MARGIN_MS;
  const sleep = options.sleep ?? abortableSleep;
  return {
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const result = await options.slots.tryTake(options.credential, options.limit, windowMs, MAX_RATE_LIMIT_PAUSE_MS);
        if (result === 0) return;
        const reason = result < 0 ? 'pause' : 'budget';
        const waitMs = Math.abs(result);
        options.onWait?.(waitMs, reason);
        await sleep(waitMs, signal);
      }
    },
    async pause(ms) {
      const capped = Math.min(ms, MAX_RATE_LIMIT_PAUSE_MS);
      await options.slots.pause(options.credential, capped, MAX_RATE_LIMIT_PAUSE_MS);
      // Reported here, before the caller sleeps: the progress display says so while it lasts.
      options.onWait?.(capped, 'pause');
    },
  };
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
