// Faults on demand: error statuses, slowness, hangs, resets, broken bodies, and a seeded mix.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { AUTH, cvdwUrl, get, start } from './http-client.ts';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await start({ scale: 100 });
});
afterEach(async () => {
  await sim.stop();
});

async function status(s: RunningSimulator, resource = 'reservas'): Promise<number> {
  const response = await get(s, resource);
  await response.arrayBuffer();
  return response.status;
}

describe('faults on demand', () => {
  it('answers the next responses with 503 or 422, then recovers', async () => {
    sim.faults.next('503');
    sim.faults.next('422', { count: 2 });
    expect(sim.faults.pending()).toBe(3);
    expect(await status(sim)).toBe(503);
    const unprocessable = await get(sim, 'reservas');
    expect(unprocessable.status).toBe(422);
    expect(await unprocessable.json()).toEqual({ mensagem: 'Ocorreu um erro inesperado', codigo: 422 });
    expect(await status(sim)).toBe(422);
    expect(await status(sim)).toBe(200);
    expect(sim.requests.count({ status: 422 })).toBe(2);
  });

  it('limits a fault to one resource when asked', async () => {
    sim.faults.next('503', { path: '/api/v1/cvdw/vendas' });
    expect(await status(sim, 'reservas')).toBe(200);
    expect(await status(sim, 'vendas')).toBe(503);
    expect(await status(sim, 'vendas')).toBe(200);
  });

  it('applies faults after authentication: a 401 leaves them pending', async () => {
    sim.faults.next('503');
    const response = await get(sim, 'reservas', {}, { email: 'x@y.z', token: '0'.repeat(40) });
    expect(response.status).toBe(401);
    expect(sim.faults.pending()).toBe(1);
    sim.faults.clear();
    expect(sim.faults.pending()).toBe(0);
    expect(await status(sim)).toBe(200);
  });

  it('answers slowly', async () => {
    sim.faults.next('slow', { delayMs: 200 });
    const started = performance.now();
    expect(await status(sim)).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('hangs until the client gives up', async () => {
    sim.faults.next('hang');
    await expect(fetch(cvdwUrl(sim, 'reservas'), { headers: AUTH, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(sim.requests.log.at(-1)).toMatchObject({ status: 0, fault: 'hang' });
    expect(await status(sim)).toBe(200);
  });

  it('resets the connection', async () => {
    sim.faults.next('reset');
    await expect(fetch(cvdwUrl(sim, 'reservas'), { headers: AUTH })).rejects.toThrow();
    expect(await status(sim)).toBe(200);
  });

  it('sends broken bodies: truncated JSON, a cut connection, an HTML page, nothing', async () => {
    const whole = await (await get(sim, 'reservas')).text();
    sim.faults.next('truncated');
    const truncated = await get(sim, 'reservas');
    expect(truncated.status).toBe(200);
    const text = await truncated.text();
    expect(whole.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(whole.length);
    expect(() => JSON.parse(text) as unknown).toThrow();

    sim.faults.next('partial');
    const partial = await get(sim, 'reservas');
    expect(partial.status).toBe(200);
    await expect(partial.text()).rejects.toThrow();

    sim.faults.next('invalid-json');
    const html = await get(sim, 'reservas');
    expect(html.status).toBe(200);
    await expect(html.json()).rejects.toThrow();

    sim.faults.next('empty');
    const empty = await get(sim, 'reservas');
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
    expect(await status(sim)).toBe(200);
  });

  it('mixes faults at seeded rates, the same way for the same seed', async () => {
    const run = async (s: RunningSimulator): Promise<number[]> => {
      s.faults.mix({ rate503: 0.3, rate422: 0.2, seed: 5 });
      const out: number[] = [];
      for (let i = 0; i < 40; i += 1) out.push(await status(s));
      return out;
    };
    const first = await run(sim);
    expect(new Set(first)).toEqual(new Set([200, 422, 503]));
    const twin = await start({ scale: 100 });
    try {
      expect(await run(twin)).toEqual(first);
    } finally {
      await twin.stop();
    }
    sim.faults.mix(null);
    expect(await status(sim)).toBe(200);
  });
});
