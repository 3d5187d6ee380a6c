// A database handle that rides through a restart of the server: a statement or transaction that
// fails because the connection was lost is tried again, with backoff, for a bounded time. Only
// connection failures are retried; a SQL error is our bug or bad data and surfaces at once.
// Every write of the sync is idempotent (upserts by key, checkpoints that name a position), so
// running one again after an ambiguous failure converges on the same state.
import type { Database } from './database.ts';

/** SQLSTATE classes and codes that mean "the server went away or is starting", and socket errors. */
const TRANSIENT_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGE = /Connection terminated|connection (was )?(closed|lost|timeout)|terminating connection|the database system is (starting up|shutting down|in recovery)|Client has encountered a connection error|timeout exceeded when trying to connect/i;

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_ERRNO.has(code))) return true;
  if (TRANSIENT_MESSAGE.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isTransientDatabaseError(error.cause);
}

export interface RetryingOptions {
  /** Give up after this long without a working connection. */
  readonly maxWaitMs?: number;
  readonly onRetry?: (error: Error, attempt: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function retryingDatabase(db: Database, options: RetryingOptions = {}): Database {
  if (db.kind === 'pglite') return db; // in-process: no connection to lose
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  async function retry<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isTransientDatabaseError(error) || Date.now() - started > maxWaitMs) throw error;
        options.onRetry?.(error as Error, attempt);
        await sleep(Math.min(5_000, 250 * 2 ** attempt));
      }
    }
  }
  return {
    kind: db.kind,
    query: (sql, params) => retry(() => db.query(sql, params)),
    ...(db.copyRows ? { copyRows: (table: string, columns: readonly string[], text: string) => retry(() => db.copyRows!(table, columns, text)) } : {}),
    transaction: (work) => retry(() => db.transaction(work)),
    exec: (sql) => retry(() => db.exec(sql)),
    tlsState: () => retry(() => db.tlsState()),
    close: () => db.close(),
  };
}
