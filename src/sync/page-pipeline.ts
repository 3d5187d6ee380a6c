// Reading ahead along a chain of pages. The request for the next page depends only on the page
// before it (the cursor moves on from its envelope), never on its load, so it can be in flight,
// its budget wait included, while that page is mapped and loaded. Pure of I/O: the reads are
// given. Bounded: at most `depth` pages read and not yet taken, so with the page being loaded
// at most depth + 1 pages are in memory.

/** One read: the page, and the state to read the next one from (null: the chain ends here). */
export interface ReadStep<S, P> {
  readonly page: P;
  readonly next: S | null;
}

export type ReadPage<S, P> = (state: S, signal: AbortSignal) => Promise<ReadStep<S, P>>;

export interface PagePipelineOptions {
  /** Pages read ahead of the one taken last (0: each page is read when it is asked for). */
  readonly depth: number;
  /** Asked before every read; false: not now (the allowance is spent), `next()` gives undefined. */
  readonly mayRead?: () => boolean;
  /** Stops waiting reads (the caller's stop). Reads also see their own abort on `close()`. */
  readonly signal?: AbortSignal | undefined;
}

export interface PagePipeline<P> {
  /**
   * The next page in the chain's order, or undefined when the chain has ended or `mayRead`
   * refused. A read that failed throws here, when its page is asked for, with the read's error.
   */
  next(): Promise<P | undefined>;
  /**
   * Stops reading: a read waiting (for the budget, a backoff) is aborted, and the read in flight
   * is waited for, its page or error thrown away, so nothing outlives the caller. Never rejects.
   */
  close(): Promise<void>;
}

type Settled<P> = { readonly ok: true; readonly page: P } | { readonly ok: false; readonly error: unknown };

export function pagePipeline<S, P>(first: S, read: ReadPage<S, P>, options: PagePipelineOptions): PagePipeline<P> {
  const depth = Math.max(0, Math.floor(options.depth));
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Reads not yet taken, in order: in flight (at most one: each needs the one before) or settled.
  // Settled, never rejected, so a read nobody takes is no unhandled rejection.
  const buffered: Promise<Settled<P>>[] = [];
  // Where the next read starts; 'reading' until the read in flight says; 'ended' after the last
  // page or a failed read.
  let after: { readonly state: S } | 'reading' | 'ended' = { state: first };
  // The latest read started: the only one that can be in flight, taken or not.
  let latest: Promise<Settled<P>> | undefined;
  let closed = false;

  const start = (): void => {
    if (closed || typeof after !== 'object') return;
    if (options.mayRead && !options.mayRead()) return;
    const { state } = after;
    after = 'reading';
    let reading: Promise<ReadStep<S, P>>;
    try {
      reading = read(state, signal);
    } catch (error) {
      reading = Promise.reject(error);
    }
    latest = reading.then(
      (step): Settled<P> => {
        after = step.next === null ? 'ended' : { state: step.next };
        fill();
        return { ok: true, page: step.page };
      },
      (error: unknown): Settled<P> => {
        after = 'ended';
        return { ok: false, error };
      },
    );
    buffered.push(latest);
  };
  const fill = (): void => {
    if (buffered.length < depth) start();
  };

  return {
    async next() {
      if (closed) throw new Error('page pipeline already closed');
      // Nothing read ahead (depth 0, the start, or refused before): read on demand.
      if (buffered.length === 0) start();
      const taken = buffered.shift();
      if (taken === undefined) return undefined;
      fill();
      const settled = await taken;
      if (!settled.ok) throw settled.error;
      return settled.page;
    },
    async close() {
      if (closed) return;
      closed = true;
      stop.abort(new Error('page pipeline closed'));
      buffered.length = 0;
      await latest;
    },
  };
}
