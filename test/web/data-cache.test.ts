// The one cache of the served product: a value is kept until the data's version changes or it is
// a minute old, concurrent asks share one load, and "nothing to keep" is not kept.
import { describe, expect, it } from 'vitest';
import { createDataCache } from '../../src/web/data-cache.ts';

function setup() {
  const state = { version: 'v1', clock: 0, loads: 0 };
  const cache = createDataCache({ version: async () => state.version, now: () => state.clock, maxAgeMs: 60_000, maxEntries: 2 });
  const load = (value: string | undefined) => async () => {
    state.loads += 1;
    return value;
  };
  return { state, cache, load };
}

describe('data cache', () => {
  it('keeps a value until the data version changes', async () => {
    const { state, cache, load } = setup();
    expect(await cache.remember('k', load('a'))).toEqual({ value: 'a', hit: false });
    expect(await cache.remember('k', load('b'))).toEqual({ value: 'a', hit: true });
    state.version = 'v2';
    expect(await cache.remember('k', load('c'))).toEqual({ value: 'c', hit: false });
    expect(state.loads).toBe(2);
  });

  it('forgets a value after a minute even when the data did not change', async () => {
    const { state, cache, load } = setup();
    await cache.remember('k', load('a'));
    state.clock = 59_999;
    expect((await cache.remember('k', load('b'))).value).toBe('a');
    state.clock = 60_000;
    expect((await cache.remember('k', load('b'))).value).toBe('b');
  });

  it('does not keep undefined (an answer not to replay)', async () => {
    const { state, cache, load } = setup();
    await cache.remember('k', load(undefined));
    expect(await cache.remember('k', load('a'))).toEqual({ value: 'a', hit: false });
    expect(state.loads).toBe(2);
  });

  it('concurrent asks for one key share the first load', async () => {
    const { state, cache } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async () => {
      state.loads += 1;
      await gate;
      return 'a';
    };
    const asks = [cache.remember('k', slow), cache.remember('k', slow), cache.remember('k', slow)];
    release();
    const answers = await Promise.all(asks);
    expect(answers.map((a) => a.value)).toEqual(['a', 'a', 'a']);
    expect(answers.filter((a) => a.hit)).toHaveLength(2);
    expect(state.loads).toBe(1);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const { cache, load } = setup();
    await cache.remember('one', load('1'));
    await cache.remember('two', load('2'));
    await cache.remember('three', load('3'));
    expect((await cache.remember('one', load('1 again'))).hit).toBe(false);
    expect((await cache.remember('three', load('x'))).value).toBe('3');
  });
});
