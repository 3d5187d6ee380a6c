// Reading ahead along a chain of pages: order, bound, on-demand reads, errors of a read taken
// or thrown away, the caller's stop, and an allowance that refuses further reads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abortableSleep } from '../../src/cvdw/request-budget.ts';
import { pagePipeline, type ReadStep } from '../../src/sync/page-pipeline.ts';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A chain of `last` pages whose reads the test settles one by one. An abortable read gives up at
 * its abort, as a wait for the budget does; another one is an exchange under way.
 */
function controlledChain(last: number, abortable = true) {
  const reads: { state: number; signal: AbortSignal; answer: Deferred<ReadStep<number, string>> }[] = [];
  const read = (state: number, signal: AbortSignal): Promise<ReadStep<number, string>> => {
    const answer = deferred<ReadStep<number, string>>();
    reads.push({ state, signal, answer });
    if (abortable) signal.addEventListener('abort', () => answer.reject(signal.reason), { once: true });
    return answer.promise;
  };
  const answer = (index: number): void => {
    const r = reads[index]!;
    r.answer.resolve({ page: `page ${r.state}`, next: r.state < last ? r.state + 1 : null });
  };
  return { reads, read, answer };
}

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await settle();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('the page pipeline', () => {
  it('gives the pages in order and reads the next one while the last one taken is loaded', async () => {
    const chain = controlledChain(4);
    const pages = pagePipeline(1, chain.read, { depth: 1 });
    const first = pages.next();
    expect(chain.reads.map((r) => r.state)).toEqual([1]);
    chain.answer(0);
    expect(await first).toBe('page 1');
    await settle();
    // Page 1 is being loaded: page 2 is already asked for, page 3 not (one ahead).
    expect(chain.reads.map((r) => r.state)).toEqual([1, 2]);
    chain.answer(1);
    await settle();
    expect(chain.reads.map((r) => r.state)).toEqual([1, 2]);
    expect(await pages.next()).toBe('page 2');
    await settle();
    expect(chain.reads.map((r) => r.state)).toEqual([1, 2, 3]);
    chain.answer(2);
    expect(await pages.next()).toBe('page 3');
    chain.answer(3);
    expect(await pages.next()).toBe('page 4');
    // The chain ended with page 4: nothing more is read.
    expect(await pages.next()).toBeUndefined();
    expect(chain.reads).toHaveLength(4);
    await pages.close();
  });

  it('never holds more than `depth` pages read and not taken', async () => {
    const chain = controlledChain(10);
    const pages = pagePipeline(1, chain.read, { depth: 2 });
    const first = pages.next();
    chain.answer(0);
    expect(await first).toBe('page 1');
    // Answer every read as soon as it is made: only the bound stops the reading.
    for (let i = 1; i < chain.reads.length; i++) {
      chain.answer(i);
      await settle();
    }
    // Page 1 taken, pages 2 and 3 read ahead; page 4 waits for the consumer.
    expect(chain.reads.map((r) => r.state)).toEqual([1, 2, 3]);
    expect(await pages.next()).toBe('page 2');
    await settle();
    expect(chain.reads.map((r) => r.state)).toEqual([1, 2, 3, 4]);
    await pages.close();
  });

  it('reads only on demand with depth 0', async () => {
    const chain = controlledChain(3);
    const pages = pagePipeline(1, chain.read, { depth: 0 });
    const first = pages.next();
    chain.answer(0);
    expect(await first).toBe('page 1');
    await settle();
    expect(chain.reads).toHaveLength(1);
    const second = pages.next();
    expect(chain.reads).toHaveLength(2);
    chain.answer(1);
    expect(await second).toBe('page 2');
    await pages.close();
  });

  it('throws a failed read ahead, with its own error, only when its page is asked for', async () => {
    const chain = controlledChain(5);
    const pages = pagePipeline(1, chain.read, { depth: 1 });
    const first = pages.next();
    chain.answer(0);
    expect(await first).toBe('page 1');
    await settle();
    const failure = new Error('retries exhausted');
    chain.reads[1]!.answer.reject(failure);
    await settle();
    // Page 1 is still being loaded: the failure waits for page 2 to be asked for.
    await expect(pages.next()).rejects.toBe(failure);
    // A failed read ends the chain: nothing is read after it.
    expect(await pages.next()).toBeUndefined();
    expect(chain.reads).toHaveLength(2);
    await pages.close();
  });

  it('throws away a read in flight when the consumer fails, aborting its wait, with no unhandled rejection', async () => {
    const waits: Promise<unknown>[] = [];
    const read = (state: number, signal: AbortSignal): Promise<ReadStep<number, string>> => {
      // A read that waits for the budget first, as the client does.
      const wait = state === 1 ? Promise.resolve() : abortableSleep(60_000, signal);
      waits.push(wait.catch((e: unknown) => e));
      return wait.then(() => ({ page: `page ${state}`, next: state + 1 }));
    };
    const pages = pagePipeline(1, read, { depth: 1 });
    const load = async () => {
      const page = await pages.next();
      expect(page).toBe('page 1');
      throw new Error('the transaction of page 1 failed');
    };
    const started = performance.now();
    try {
      await expect(load()).rejects.toThrow('the transaction of page 1 failed');
    } finally {
      await pages.close();
    }
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(waits).toHaveLength(2);
    expect(await waits[1]).toMatchObject({ message: 'page pipeline closed' });
  });

  it('waits in close() for a read in flight that its abort cannot stop (an exchange under way)', async () => {
    const chain = controlledChain(5, false);
    const pages = pagePipeline(1, chain.read, { depth: 1 });
    const first = pages.next();
    chain.answer(0);
    await first;
    await settle();
    let closed = false;
    const closing = pages.close().then(() => {
      closed = true;
    });
    expect(chain.reads[1]!.signal.aborted).toBe(true);
    await settle();
    expect(closed).toBe(false);
    chain.reads[1]!.answer.reject(new Error('late network error'));
    await closing;
    expect(closed).toBe(true);
    await expect(pages.next()).rejects.toThrow('already closed');
  });

  it("stops a read waiting for the budget at the caller's signal, with the signal's reason", async () => {
    const stop = new AbortController();
    const read = async (state: number, signal: AbortSignal): Promise<ReadStep<number, string>> => {
      if (state > 1) await abortableSleep(60_000, signal);
      return { page: `page ${state}`, next: state + 1 };
    };
    const pages = pagePipeline(1, read, { depth: 1, signal: stop.signal });
    expect(await pages.next()).toBe('page 1');
    const reason = new Error('asked to stop');
    stop.abort(reason);
    await expect(pages.next()).rejects.toBe(reason);
    await pages.close();
  });

  it('reads no page the allowance refuses, ahead or on demand', async () => {
    let requests = 0;
    const allowance = 3;
    const read = async (state: number): Promise<ReadStep<number, string>> => {
      requests++;
      return { page: `page ${state}`, next: state + 1 };
    };
    const pages = pagePipeline(1, read, { depth: 2, mayRead: () => requests < allowance });
    const taken: string[] = [];
    for (let page = await pages.next(); page !== undefined; page = await pages.next()) {
      taken.push(page);
      await settle();
    }
    expect(taken).toEqual(['page 1', 'page 2', 'page 3']);
    expect(requests).toBe(allowance);
    await pages.close();
  });
});
