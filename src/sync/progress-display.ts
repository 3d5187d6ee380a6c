// What `cvcrm-etl sync` shows while it runs. On a terminal: one line per resource and an overall
// line, redrawn in place, with the current wait below them. Elsewhere (a pipe, a log file): one
// line per page, and the waits worth knowing about.
import type { SyncObserver } from './observer.ts';
import { ProgressModel, waitWorthALine } from './progress-model.ts';
import { doneLogLine, overallLine, pageLogLine, resourceLine, startLogLine, waitText } from './progress-text.ts';

export interface ProgressDisplayOptions {
  /** The resources the sync goes through, in order. */
  readonly resources: readonly string[];
  /** For the end of a 429 pause ("até 14:05"). */
  readonly timeZone?: string;
  readonly now?: () => number;
}

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const REDRAW_EVERY_MS = 1000;

export function createProgressObserver(out: Output, options: ProgressDisplayOptions): SyncObserver & { stop(): void } {
  return out.isTTY ? terminalDisplay(out, options) : lineDisplay(out, options);
}

function lineDisplay(out: Output, options: ProgressDisplayOptions): SyncObserver & { stop(): void } {
  const now = options.now ?? Date.now;
  const model = new ProgressModel(options.resources);
  const viewOf = (resource: string) => model.view(now()).resources.find((r) => r.resource === resource);
  return {
    onResourceStart(resource, mode) {
      model.start(resource, now());
      out.write(`${startLogLine(resource, mode)}\n`);
    },
    onPage(resource, progress) {
      model.page(resource, progress, now());
      const view = viewOf(resource);
      if (view) out.write(`${pageLogLine(view)}\n`);
    },
    onResourceDone(summary) {
      model.finish(summary.resource, summary.status, now());
      const view = viewOf(summary.resource);
      if (view) out.write(`${doneLogLine(view, summary.seconds, summary.error)}\n`);
    },
    onRateLimitWait(milliseconds, reason) {
      model.wait(reason, milliseconds, now());
      const waiting = model.view(now()).waiting;
      if (waiting && waitWorthALine(reason, milliseconds)) out.write(`${waitText(waiting, options.timeZone)}\n`);
    },
    stop: () => undefined,
  };
}

function terminalDisplay(out: Output, options: ProgressDisplayOptions): SyncObserver & { stop(): void } {
  const now = options.now ?? Date.now;
  const model = new ProgressModel(options.resources);
  let drawn = 0;
  let stopped = false;

  const draw = () => {
    const view = model.view(now());
    const nameWidth = Math.max(5, ...view.resources.map((r) => r.resource.length));
    const lines = [...view.resources.map((r) => resourceLine(r, nameWidth)), overallLine(view.overall, nameWidth)];
    if (view.waiting) lines.push(waitText(view.waiting, options.timeZone));
    // A line wider than the terminal wraps, and the redraw would then climb too few lines.
    // A pseudo-terminal may report 0 columns: unknown, not narrow.
    const width = Math.max(20, (out.columns !== undefined && out.columns > 0 ? out.columns : 100) - 1);
    const clipped = lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
    // Back to the first line drawn, erase to the end of the screen, draw again.
    const rewind = drawn > 0 ? `\r\x1b[${drawn}A\x1b[J` : '';
    out.write(`${rewind}${clipped.join('\n')}\n`);
    drawn = clipped.length;
  };
  // The countdown of a wait and the rate move between events too.
  const timer = setInterval(draw, REDRAW_EVERY_MS);
  timer.unref();
  out.write('\x1b[?25l');
  draw();

  return {
    onResourceStart(resource) {
      model.start(resource, now());
      draw();
    },
    onPage(resource, progress) {
      model.page(resource, progress, now());
      draw();
    },
    onResourceDone(summary) {
      model.finish(summary.resource, summary.status, now());
      draw();
    },
    onRateLimitWait(milliseconds, reason) {
      model.wait(reason, milliseconds, now());
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      draw();
      out.write('\x1b[?25h');
    },
  };
}
