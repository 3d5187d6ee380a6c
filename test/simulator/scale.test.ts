// A million reservations are generated on demand, never held in memory: any page, including
// the last one and a filtered one, is built alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { orderKey, page, start, TODAY } from './http-client.ts';

let sim: RunningSimulator;
let rssBefore: number;

beforeAll(async () => {
  rssBefore = process.memoryUsage().rss;
  sim = await start({ scale: 1_000_000 });
});
afterAll(async () => {
  await sim.stop();
});

describe('a million reservations', () => {
  it('serves first, last and filtered pages of every core resource with small memory', async () => {
    const expectedTotals: Record<string, number> = { reservas: 1_000_000, 'reservas/condicoes': 5_000_000, unidades: 1_250_000 };
    for (const resource of ['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos']) {
      const first = await page(sim, resource, { pagina: 1, registros_por_pagina: 500 });
      const expected = expectedTotals[resource];
      if (expected !== undefined) expect(first.total_de_registros).toBe(expected);
      expect(first.dados).toHaveLength(500);
      const last = await page(sim, resource, { pagina: first.total_de_paginas, registros_por_pagina: 500 });
      expect(last.dados.length).toBe(first.total_de_registros - (first.total_de_paginas - 1) * 500);
      const keys = last.dados.map((r) => orderKey(r.referencia_data));
      expect(keys).toEqual([...keys].sort());
      expect(String(last.dados.at(-1)?.referencia_data) < `${TODAY} 00:00:00`).toBe(true);
      const recent = await page(sim, resource, { pagina: 2, registros_por_pagina: 500, a_partir_data_referencia: '2025-06-01 00:00:00' });
      expect(recent.total_de_registros).toBeGreaterThan(500);
      expect(recent.dados.every((r) => String(r.referencia_data) >= '2025-06-01 00:00:00')).toBe(true);
    }
    expect(sim.data.count('vendas')).toBeGreaterThan(600_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('finds and changes a record deep in the sequence', async () => {
    const updated = sim.data.update('reservas', '510001', { situacao: 'Cancelada' });
    expect(updated.idreserva).toBe(510_001);
    const last = await page(sim, 'reservas', { pagina: 2000, registros_por_pagina: 500 });
    expect(last.dados.at(-1)?.referencia).toBe(updated.referencia);
    expect(last.total_de_registros).toBe(1_000_000);
  });
});
