// A sync's progress in the logs, for a sync without a terminal (the scheduled worker): one line per
// page with the counts as fields, and the waits worth knowing about. The logger is passed in, so
// the sync depends on no logging library.
import type { SyncObserver } from './observer.ts';
import { ProgressModel, waitWorthALine } from './progress-model.ts';
import { pageLogLine, waitText } from './progress-text.ts';

export type ProgressLog = (level: 'info' | 'warn', fields: Record<string, unknown>, message: string) => void;

/** One per sync run: the counts start at zero. */
export function progressLogObserver(log: ProgressLog, options: { timeZone?: string; now?: () => number } = {}): SyncObserver {
  const now = options.now ?? Date.now;
  const model = new ProgressModel();
  return {
    onResourceStart: (resource) => model.start(resource, now()),
    onPage(resource, progress) {
      model.page(resource, progress, now());
      const view = model.view(now()).resources.find((r) => r.resource === resource);
      if (!view) return;
      log('info', {
        resource, done: view.done, expected: view.expected ?? null,
        perMinute: view.perMinute === undefined ? null : Math.round(view.perMinute), etaSeconds: view.etaSeconds ?? null,
      }, pageLogLine(view));
    },
    onResourceDone: (summary) => model.finish(summary.resource, summary.status, now()),
    onRateLimitWait(milliseconds, reason) {
      model.wait(reason, milliseconds, now());
      const waiting = model.view(now()).waiting;
      if (!waiting || !waitWorthALine(reason, milliseconds)) return;
      log(reason === 'pause' ? 'warn' : 'info', { reason, waitSeconds: Math.ceil(milliseconds / 1000) }, waitText(waiting, options.timeZone));
    },
  };
}
