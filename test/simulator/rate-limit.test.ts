// The per-credential budget: 429 with the real body over the limit, then a lockout during which
// every request gets 429; bad credentials are answered before the budget is touched.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { AUTH, get, start } from './http-client.ts';

const FAST = { limit: 5, windowMs: 500, lockoutMs: 300 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function statuses(s: RunningSimulator, n: number, headers: Record<string, string> = AUTH): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const response = await get(s, 'reservas', { registros_por_pagina: 1 }, headers);
    await response.arrayBuffer();
    out.push(response.status);
  }
  return out;
}

describe('rate limit', () => {
  it('defaults to 20 requests per minute', async () => {
    sim = await start({ rateLimit: {} });
    expect(await statuses(sim, 21)).toEqual([...Array<number>(20).fill(200), 429]);
  });

  it('answers over the limit with the real body, then locks the credential out', async () => {
    sim = await start({ rateLimit: FAST });
    expect(await statuses(sim, 5)).toEqual([200, 200, 200, 200, 200]);
    const over = await get(sim, 'reservas');
    expect(over.status).toBe(429);
    expect(await over.text()).toBe('{"Response": "Too many requests"}');
    expect(over.headers.get('retry-after')).toBeNull();
    expect(await statuses(sim, 3)).toEqual([429, 429, 429]);
    await sleep(350);
    expect(await statuses(sim, 1)).toEqual([200]);
    expect(sim.requests.count({ path: 'reservas', status: 429 })).toBe(4);
    expect(sim.requests.count({ path: '/api/v1/cvdw/reservas' })).toBe(10);
  });

  it('sends Retry-After in seconds when configured', async () => {
    sim = await start({ rateLimit: { ...FAST, lockoutMs: 2_000, retryAfterHeader: true } });
    await statuses(sim, 5);
    const over = await get(sim, 'reservas');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('2');
  });

  it('refills the budget as the window slides', async () => {
    sim = await start({ rateLimit: FAST });
    expect(await statuses(sim, 5)).toEqual([200, 200, 200, 200, 200]);
    await sleep(550);
    expect(await statuses(sim, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('does not count requests with bad credentials, and keeps each credential apart', async () => {
    const other = { email: 'outra@cvcrm-etl.local', token: 'a'.repeat(40) };
    sim = await start({ rateLimit: FAST, credentials: [{ email: AUTH.email, token: AUTH.token }, other] });
    expect(new Set(await statuses(sim, 8, { email: AUTH.email, token: 'b'.repeat(40) }))).toEqual(new Set([401]));
    expect(await statuses(sim, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await statuses(sim, 2, other)).toEqual([200, 200]);
  });

  it('can be reset, switched off, and forced into a 429 storm', async () => {
    sim = await start({ rateLimit: FAST });
    await statuses(sim, 6);
    sim.resetRateLimit();
    expect(await statuses(sim, 1)).toEqual([200]);
    sim.faults.lockout(300);
    expect(await statuses(sim, 2)).toEqual([429, 429]);
    await sleep(350);
    expect(await statuses(sim, 1)).toEqual([200]);
    await sim.stop();
    sim = await start({ rateLimit: false });
    expect(new Set(await statuses(sim, 30))).toEqual(new Set([200]));
  });
});
