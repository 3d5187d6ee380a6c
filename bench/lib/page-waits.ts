// Where the wall time of a sync went, once requests overlap loads: how long the page loop stood
// waiting for its next page (the HTTP and budget time a load did not hide), from the observer's
// events alone. A page arrives with its answered request (2xx: a retried or refused request is
// no page) and is done at its onPage; the loop waits from the page before's onPage (or the
// resource's start) until the page arrives, if it has not yet.
import type { SyncObserver } from '../../src/sync/observer.ts';

export interface PageWaits {
  readonly observer: SyncObserver;
  /** Seconds the loop waited for a page, over every resource so far. */
  waitingSeconds(): number;
  /** Largest resident set size seen (bytes), sampled every 100 ms while started. */
  peakRss(): number;
  start(): void;
  stop(): void;
}

export function measurePageWaits(now: () => number = () => performance.now()): PageWaits {
  const arrivals = new Map<string, number[]>();
  const pagesDone = new Map<string, number>();
  const readyAt = new Map<string, number>();
  let waitingMs = 0;
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  return {
    observer: {
      onResourceStart(resource) {
        arrivals.set(resource, []);
        pagesDone.set(resource, 0);
        readyAt.set(resource, now());
      },
      onRequest(resource, status) {
        if (status >= 200 && status < 300) arrivals.get(resource)?.push(now());
      },
      onPage(resource) {
        const done = pagesDone.get(resource) ?? 0;
        const arrived = arrivals.get(resource)?.[done];
        const ready = readyAt.get(resource);
        if (arrived !== undefined && ready !== undefined) waitingMs += Math.max(0, arrived - ready);
        pagesDone.set(resource, done + 1);
        readyAt.set(resource, now());
      },
    },
    waitingSeconds: () => waitingMs / 1000,
    peakRss: () => peak,
    start() {
      sample();
      timer ??= setInterval(sample, 100);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      sample();
    },
  };
}
