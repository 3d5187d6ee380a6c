// Change over time: updates move a record to the end (rows shift between pages of a read in
// progress), deactivations and hard deletes, creations, spoilt records, the simulator clock,
// and the same through the loopback control route.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { AUTH, page, readAll, start, TODAY } from './http-client.ts';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await start({ scale: 200, control: true });
});
afterEach(async () => {
  await sim.stop();
});

describe('the clock', () => {
  it('starts at noon of a pinned day and moves only when told', () => {
    expect(sim.clock.now()).toBe(`${TODAY} 12:00:00`);
    sim.clock.advance(61_000);
    expect(sim.clock.now()).toBe(`${TODAY} 12:01:01`);
    sim.clock.set('2025-06-16 08:00:00');
    expect(sim.clock.now()).toBe('2025-06-16 08:00:00');
    expect(() => sim.clock.advance(-1)).toThrow();
  });
});

describe('changes through the in-process API', () => {
  it('moves an updated record to the last page with the clock as referencia_data', async () => {
    const before = await readAll(sim, 'reservas');
    const target = before[100];
    const updated = sim.data.update('reservas', String(target?.referencia), { situacao: 'Cancelada' });
    expect(updated).toMatchObject({ referencia: target?.referencia, situacao: 'Cancelada', referencia_data: `${TODAY} 12:00:00`, data_modificacao: `${TODAY} 12:00:00` });
    const after = await readAll(sim, 'reservas');
    expect(after).toHaveLength(200);
    expect(after.at(-1)).toEqual(updated);
    expect(after.filter((r) => r.referencia === target?.referencia)).toHaveLength(1);
    sim.clock.advance(5_000);
    const again = sim.data.update('reservas', String(target?.referencia));
    expect(again.referencia_data).toBe(`${TODAY} 12:00:05`);
    expect(sim.data.count('reservas')).toBe(200);
    const changed = await readAll(sim, 'reservas', { a_partir_data_referencia: `${TODAY} 12:00:00` });
    expect(changed.map((r) => r.referencia)).toEqual([target?.referencia]);
  });

  it('shifts rows under a read in progress exactly as the ordering implies', async () => {
    const before = await readAll(sim, 'reservas');
    const first = await page(sim, 'reservas', { pagina: 1, registros_por_pagina: 50 });
    sim.data.update('reservas', String(before[10]?.referencia));
    const second = await page(sim, 'reservas', { pagina: 2, registros_por_pagina: 50 });
    expect(first.dados.map((r) => r.referencia)).toEqual(before.slice(0, 50).map((r) => r.referencia));
    // Row 50 slid onto page 1, which was already read: a naive reader misses it.
    expect(second.dados.map((r) => r.referencia)).toEqual(before.slice(51, 101).map((r) => r.referencia));
  });

  it('deactivates, hard-deletes and creates records', async () => {
    const deactivated = sim.data.deactivate('vendas', String(sim.data.snapshot('vendas')[3]?.referencia));
    expect(deactivated.ativo).toBe('N');
    expect((await readAll(sim, 'vendas')).at(-1)).toEqual(deactivated);

    const victim = sim.data.snapshot('comissoes')[5];
    const count = sim.data.count('comissoes');
    expect(sim.data.hardDelete('comissoes', String(victim?.referencia))).toBe(true);
    expect(sim.data.hardDelete('comissoes', String(victim?.referencia))).toBe(false);
    const remaining = await readAll(sim, 'comissoes');
    expect(remaining).toHaveLength(count - 1);
    expect(remaining.some((c) => c.referencia === victim?.referencia)).toBe(false);
    expect((await page(sim, 'comissoes')).total_de_registros).toBe(count - 1);

    sim.clock.advance(1_000);
    const created = sim.data.create('reservas', { cliente: 'Cliente Novo da Silva' });
    expect(created).toMatchObject({ cliente: 'Cliente Novo da Silva', referencia_data: `${TODAY} 12:00:01` });
    expect(sim.data.snapshot('reservas').filter((r) => r.referencia === created.referencia)).toHaveLength(1);
    expect((await readAll(sim, 'reservas')).at(-1)).toEqual(created);
    expect(sim.data.count('reservas')).toBe(201);
    expect(sim.data.get('reservas', String(created.referencia))).toEqual(created);
    expect(() => sim.data.update('reservas', '999999999')).toThrow(/no record/);
  });

  it('injects bad records of each kind', async () => {
    const number = sim.data.injectBad('reservas', 'bad-number');
    const date = sim.data.injectBad('vendas', 'bad-date', String(sim.data.snapshot('vendas')[0]?.referencia));
    const key = sim.data.injectBad('comissoes', 'missing-key');
    expect(number.valor_contrato).toBe('abc');
    expect(date.data_venda).toBe('2024-13-45');
    expect('referencia' in key).toBe(false);
    expect((await readAll(sim, 'reservas')).at(-1)?.valor_contrato).toBe('abc');
    expect((await readAll(sim, 'vendas')).at(-1)?.data_venda).toBe('2024-13-45');
    expect('referencia' in ((await readAll(sim, 'comissoes')).at(-1) ?? {})).toBe(false);
  });

  it('keeps snapshot and HTTP reads equal record for record after changes', async () => {
    sim.data.update('unidades', String(sim.data.snapshot('unidades')[7]?.referencia), { situacao_mapa_disponibilidade: 4 });
    sim.data.hardDelete('reservas/condicoes', String(sim.data.snapshot('reservas/condicoes')[12]?.referencia));
    for (const resource of ['unidades', 'reservas/condicoes']) expect(await readAll(sim, resource)).toEqual(sim.data.snapshot(resource));
  });
});

describe('the control route', () => {
  const post = (s: RunningSimulator, action: string, body: unknown): Promise<Response> =>
    fetch(`${s.url}/__control/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('changes data, the clock and faults over HTTP from loopback', async () => {
    const target = sim.data.snapshot('reservas')[20];
    const clock = await post(sim, 'clock', { advanceMs: 60_000 });
    expect(await clock.json()).toEqual({ now: `${TODAY} 12:01:00` });
    const response = await post(sim, 'data/update', { resource: 'reservas', referencia: target?.referencia, changes: { situacao: 'Distrato' } });
    expect(response.status).toBe(200);
    const { record } = (await response.json()) as { record: Record<string, unknown> };
    expect(record).toMatchObject({ situacao: 'Distrato', referencia_data: `${TODAY} 12:01:00` });
    expect((await readAll(sim, 'reservas')).at(-1)).toEqual(record);
    expect((await post(sim, 'data/count', { resource: 'reservas' })).status).toBe(200);
    expect((await post(sim, 'faults', { kind: '503' })).status).toBe(200);
    expect((await fetch(`${sim.url}/api/v1/cvdw/reservas`, { headers: AUTH })).status).toBe(503);
    expect((await post(sim, 'data/delete', { resource: 'reservas', referencia: 'nope' })).status).toBe(404);
    expect((await post(sim, 'faults', { kind: 'explode' })).status).toBe(400);
    expect((await post(sim, 'nao-existe', {})).status).toBe(404);
    expect((await fetch(`${sim.url}/__control/clock`)).status).toBe(405);
  });

  it('refuses when not enabled', async () => {
    const closed = await start({ scale: 50 });
    try {
      const response = await post(closed, 'data/create', { resource: 'reservas' });
      expect(response.status).toBe(404);
      expect(closed.data.count('reservas')).toBe(50);
    } finally {
      await closed.stop();
    }
  });
});
