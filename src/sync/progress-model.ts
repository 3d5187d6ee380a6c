// The numbers a progress display shows for a sync: per resource and overall, records done of
// expected, the rate over the last minutes and the time left; and whether the sync is waiting for
// the request budget or a 429 pause, and until when. Pure: time is always passed in.
//
// What it promises: `done` never goes backwards; while a resource runs its `expected` never goes
// backwards nor below `done` (it grows when the API reports more); a resource that succeeded shows
// done = expected, what the run actually read.
import type { PageProgress } from './observer.ts';

export type ResourceStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
export type WaitReason = 'budget' | 'pause';

export interface ResourceView {
  readonly resource: string;
  readonly status: ResourceStatus;
  readonly done: number;
  /** Undefined until a page tells how many records the run has to read. */
  readonly expected: number | undefined;
  /** Records per minute over the last minutes; undefined before there is anything to measure. */
  readonly perMinute: number | undefined;
  /** Seconds left at that rate; undefined when expected or the rate is unknown. */
  readonly etaSeconds: number | undefined;
}

export interface OverallView {
  readonly done: number;
  /** The sum over the resources whose expected is known. */
  readonly expected: number;
  /** Some resource's expected is still unknown: `expected` and `etaSeconds` are lower bounds. */
  readonly partial: boolean;
  readonly finished: number;
  readonly resources: number;
  readonly perMinute: number | undefined;
  readonly etaSeconds: number | undefined;
}

export interface WaitView {
  readonly reason: WaitReason;
  /** Epoch milliseconds when the wait ends. */
  readonly until: number;
  readonly secondsLeft: number;
}

export interface ProgressView {
  readonly resources: readonly ResourceView[];
  readonly overall: OverallView;
  readonly waiting: WaitView | undefined;
}

/** A budget wait shorter than this is the budget's ordinary pacing: only a terminal shows it. */
const TOLD_BUDGET_WAIT_MS = 5000;

/** Whether a wait deserves a line of its own off a terminal (a log, a pipe): a 429 pause always does. */
export function waitWorthALine(reason: WaitReason, milliseconds: number): boolean {
  return reason === 'pause' || milliseconds >= TOLD_BUDGET_WAIT_MS;
}

/** How far back the rate looks: long enough to smooth the budget's bursts, short enough to follow a change. */
export const RATE_WINDOW_MS = 5 * 60_000;

interface Sample {
  readonly at: number;
  readonly done: number;
}

interface ResourceState {
  status: ResourceStatus;
  done: number;
  expected: number | undefined;
  samples: Sample[];
}

export class ProgressModel {
  private readonly resources = new Map<string, ResourceState>();
  private readonly overallSamples: Sample[] = [];
  private waiting: { reason: WaitReason; until: number } | undefined;

  /** `resources`: the ones the sync will go through, in order (others are added as they start). */
  constructor(resources: readonly string[] = []) {
    for (const name of resources) this.stateOf(name);
  }

  start(resource: string, now: number): void {
    const state = this.stateOf(resource);
    state.status = 'running';
    state.samples = [{ at: now, done: state.done }];
    if (this.overallSamples.length === 0) this.overallSamples.push({ at: now, done: 0 });
  }

  page(resource: string, progress: Pick<PageProgress, 'fresh' | 'remaining'>, now: number): void {
    const state = this.stateOf(resource);
    if (state.status === 'pending') this.start(resource, now);
    state.done += Math.max(0, progress.fresh);
    if (progress.remaining !== undefined) state.expected = Math.max(state.expected ?? 0, state.done + Math.max(0, progress.remaining));
    else if (state.expected !== undefined) state.expected = Math.max(state.expected, state.done);
    addSample(state.samples, { at: now, done: state.done });
    addSample(this.overallSamples, { at: now, done: this.overallDone() });
    this.waiting = undefined;
  }

  finish(resource: string, status: 'succeeded' | 'failed' | 'skipped', now: number): void {
    const state = this.stateOf(resource);
    state.status = status;
    // Everything there was has been read: what was read is the whole.
    if (status === 'succeeded') state.expected = state.done;
    addSample(state.samples, { at: now, done: state.done });
    this.waiting = undefined;
  }

  wait(reason: WaitReason, milliseconds: number, now: number): void {
    this.waiting = { reason, until: now + Math.max(0, milliseconds) };
  }

  view(now: number): ProgressView {
    const resources = [...this.resources].map(([resource, s]): ResourceView => {
      const perMinute = s.status === 'running' ? ratePerMinute(s.samples, now) : undefined;
      return { resource, status: s.status, done: s.done, expected: s.expected, perMinute, etaSeconds: eta(s.expected, s.done, perMinute) };
    });
    const open = resources.filter((r) => r.status === 'pending' || r.status === 'running');
    const partial = open.some((r) => r.expected === undefined);
    const done = this.overallDone();
    const expected = resources.reduce((sum, r) => sum + (r.expected ?? r.done), 0);
    const perMinute = open.length > 0 ? ratePerMinute(this.overallSamples, now) : undefined;
    const waiting = this.waiting !== undefined && this.waiting.until > now
      ? { ...this.waiting, secondsLeft: Math.ceil((this.waiting.until - now) / 1000) }
      : undefined;
    return {
      resources,
      overall: {
        done, expected, partial, perMinute,
        finished: resources.length - open.length,
        resources: resources.length,
        etaSeconds: open.length > 0 ? eta(expected, done, perMinute) : undefined,
      },
      waiting,
    };
  }

  private overallDone(): number {
    let sum = 0;
    for (const s of this.resources.values()) sum += s.done;
    return sum;
  }

  private stateOf(resource: string): ResourceState {
    let state = this.resources.get(resource);
    if (state === undefined) {
      state = { status: 'pending', done: 0, expected: undefined, samples: [] };
      this.resources.set(resource, state);
    }
    return state;
  }
}

/** Keeps the samples of the window and the last one before it (the rate's starting point). */
function addSample(samples: Sample[], sample: Sample): void {
  samples.push(sample);
  while (samples.length > 2 && samples[1]!.at <= sample.at - RATE_WINDOW_MS) samples.shift();
}

/** Records per minute between the window's start (or the first sample, if later) and now. */
export function ratePerMinute(samples: readonly Sample[], now: number): number | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const from = Math.max(first.at, now - RATE_WINDOW_MS);
  const elapsed = now - from;
  // Under a second of history says nothing yet.
  if (elapsed < 1000) return undefined;
  // The count at `from`: the last sample at or before it.
  let base = first.done;
  for (const s of samples) if (s.at <= from) base = s.done;
  return ((last.done - base) / elapsed) * 60_000;
}

function eta(expected: number | undefined, done: number, perMinute: number | undefined): number | undefined {
  if (expected === undefined || perMinute === undefined) return undefined;
  if (expected <= done) return 0;
  if (perMinute <= 0) return undefined;
  return Math.ceil(((expected - done) / perMinute) * 60);
}
