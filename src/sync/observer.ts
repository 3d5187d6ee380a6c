// What a sync reports while it runs. Metrics, alerts, logs and the progress bar each implement
// the parts they need; the engine never depends on any of them.

export interface ResourceSummary {
  /** The account synced (set by runSync; absent in summaries built elsewhere). */
  readonly conta?: string;
  readonly resource: string;
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly mode: 'full' | 'incremental';
  readonly requests: number;
  readonly pages: number;
  readonly records: number;
  readonly upserted: number;
  readonly rejected: number;
  /**
   * Records loaded with at least one value their typed column could not hold (that column null,
   * payload intact), counted apart from `rejected`. Absent: none counted.
   */
  readonly fieldProblems?: number;
  /** Rows marked deleted upstream by a full run's reconciliation. */
  readonly deleted: number;
  readonly seconds: number;
  /** One sentence, no personal data. */
  readonly error?: string;
}

export interface SyncSummary {
  /** The account this summary is of: runSync syncs one account. */
  readonly conta: string;
  readonly resources: readonly ResourceSummary[];
  readonly ok: boolean;
  readonly seconds: number;
}

export interface PageProgress {
  /** Records received by this run in this process so far, re-reads included. */
  readonly records: number;
  /** The page request's total_de_registros (a filtered request counts from its own start). */
  readonly total: number | undefined;
  /** Records of this page read for the first time in the run. */
  readonly fresh: number;
  /** Records the run still has to read after this page; undefined when the page cannot tell. */
  readonly remaining: number | undefined;
}

export interface SyncObserver {
  onResourceStart?(resource: string, mode: 'full' | 'incremental'): void;
  /** After each committed page. */
  onPage?(resource: string, progress: PageProgress): void;
  onResourceDone?(summary: ResourceSummary): void;
  /** Every HTTP exchange with CVDW: the status, or 0 for a network failure or timeout. */
  onRequest?(resource: string, status: number, seconds: number): void;
  onRetry?(resource: string, reason: string): void;
  /** Time spent waiting for the request budget or a 429 pause. */
  onRateLimitWait?(milliseconds: number, reason: 'budget' | 'pause'): void;
}

/** Fans one event out to several observers. */
export function combineObservers(...observers: readonly (SyncObserver | undefined)[]): SyncObserver {
  const present = observers.filter((o): o is SyncObserver => o !== undefined);
  return {
    onResourceStart: (...a) => present.forEach((o) => o.onResourceStart?.(...a)),
    onPage: (...a) => present.forEach((o) => o.onPage?.(...a)),
    onResourceDone: (...a) => present.forEach((o) => o.onResourceDone?.(...a)),
    onRequest: (...a) => present.forEach((o) => o.onRequest?.(...a)),
    onRetry: (...a) => present.forEach((o) => o.onRetry?.(...a)),
    onRateLimitWait: (...a) => present.forEach((o) => o.onRateLimitWait?.(...a)),
  };
}

/**
 * One account's events under labels `conta/resource`, for a view that shows several accounts'
 * resources side by side (the CLI's progress). Request and retry events keep their resource.
 */
export function labelledByAccount(conta: string, observer: SyncObserver): SyncObserver {
  const label = (resource: string) => `${conta}/${resource}`;
  return {
    onResourceStart: (resource, mode) => observer.onResourceStart?.(label(resource), mode),
    onPage: (resource, progress) => observer.onPage?.(label(resource), progress),
    onResourceDone: (summary) => observer.onResourceDone?.({ ...summary, resource: label(summary.resource) }),
    onRequest: (...a) => observer.onRequest?.(...a),
    onRetry: (...a) => observer.onRetry?.(...a),
    onRateLimitWait: (...a) => observer.onRateLimitWait?.(...a),
  };
}
