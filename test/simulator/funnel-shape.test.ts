// The funnel resources' shape: the spec's fields in order, the designed volumes per
// reservation, API order by referencia_data, lookups by referencia, the control API, and
// determinism for a seed.
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/cvdw/catalog/index.ts';
import { SimulatorClock } from '../../src/simulator/clock.ts';
import { Dataset } from '../../src/simulator/dataset.ts';
import { mapRecord } from '../../src/sync/map-record.ts';
import { FUNNEL_RESOURCES, funnelWorld, sortKeyOf, TODAY } from './funnel-fixture.ts';

const PER_RESERVATION: Readonly<Record<string, number>> = {
  leads: 12, 'leads/visitas': 3, 'leads/perdas': 5, 'leads/ganhos': 1, 'leads/historico/situacoes': 14, precadastros: 2,
};

describe.each([300, 2_000])('funnel shape at scale %i', (scale) => {
  const world = funnelWorld(scale);

  it.each(FUNNEL_RESOURCES)('%s carries exactly the catalog fields, in order, on every record', (resource) => {
    const fields = CATALOG.get(resource)?.fields.map((f) => f.name);
    const rows = world.rows[resource] ?? [];
    const wrong = rows.filter((r) => JSON.stringify(Object.keys(r)) !== JSON.stringify(fields));
    expect(wrong.slice(0, 1)).toEqual([]);
  });

  it('has the designed volumes, under 40 records per reservation', () => {
    let total = 0;
    for (const resource of FUNNEL_RESOURCES) {
      expect(world.rows[resource], resource).toHaveLength(scale * (PER_RESERVATION[resource] ?? 0));
      total += PER_RESERVATION[resource] ?? 0;
    }
    expect(total).toBeLessThan(40);
  });

  it.each(FUNNEL_RESOURCES)('%s is sorted by referencia_data, null and zero dates first, none in the future', (resource) => {
    const keys = (world.rows[resource] ?? []).map((r) => sortKeyOf(r.referencia_data));
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]).toBe('0');
    expect(keys).toContain('1');
    expect(keys.every((k) => k < `2${TODAY} 00:00:00`)).toBe(true);
  });

  it.each(FUNNEL_RESOURCES)('%s finds every record by its referencia, string or number', (resource) => {
    const rows = world.rows[resource] ?? [];
    const step = Math.max(1, Math.floor(rows.length / 400));
    for (let i = 0; i < rows.length; i += step) {
      const row = rows[i];
      expect(world.dataset.get(resource, String(row?.referencia))).toEqual(row);
    }
    expect(rows.some((r) => typeof r.referencia === 'number')).toBe(true);
    expect(world.dataset.get(resource, '999999999')).toBeUndefined();
  });
});

describe('funnel records through the control API', () => {
  it.each(FUNNEL_RESOURCES)('creates, updates, deactivates and deletes %s records', (resource) => {
    const dataset = new Dataset({ seed: 5, scale: 50, today: TODAY, badRecordRate: 0 }, new SimulatorClock(Date.UTC(2025, 5, 15, 9), 0));
    const before = dataset.count(resource);
    const created = dataset.create(resource);
    expect(Object.keys(created)).toEqual(CATALOG.get(resource)?.fields.map((f) => f.name));
    expect(created.referencia_data).toBe('2025-06-15 09:00:00');
    expect(dataset.count(resource)).toBe(before + 1);
    const first = dataset.snapshot(resource)[10];
    const key = String(first?.referencia);
    expect(dataset.deactivate(resource, key).ativo).toBe('N');
    expect(dataset.snapshot(resource).at(-1)?.referencia).toBe(first?.referencia);
    expect(dataset.hardDelete(resource, key)).toBe(true);
    expect(dataset.get(resource, key)).toBeUndefined();
    expect(dataset.count(resource)).toBe(before);
    expect(dataset.injectBad(resource, 'missing-key')).not.toHaveProperty('referencia');
  });
});

describe('funnel determinism', () => {
  it('builds the same records for the same seed and different ones for another seed', () => {
    const make = (seed: number): Dataset => new Dataset({ seed, scale: 120, today: TODAY, badRecordRate: 0 }, new SimulatorClock(0, 0));
    const [a, b, c] = [make(9), make(9), make(10)];
    for (const resource of ['reservas', ...FUNNEL_RESOURCES]) {
      const rowsA = JSON.stringify(a.snapshot(resource));
      expect(JSON.stringify(b.snapshot(resource)), resource).toBe(rowsA);
      expect(JSON.stringify(c.snapshot(resource)), resource).not.toBe(rowsA);
    }
  });

  it('builds any record alone, in any order, as in a full read', () => {
    const world = funnelWorld(300);
    const fresh = new Dataset({ seed: 42, scale: 300, today: TODAY, badRecordRate: 0 }, new SimulatorClock(0, 0));
    for (const resource of [...FUNNEL_RESOURCES].reverse()) {
      const rows = world.rows[resource] ?? [];
      for (const i of [rows.length - 1, 7, Math.floor(rows.length / 2), 0]) {
        expect(fresh.get(resource, String(rows[i]?.referencia)), `${resource} ${i}`).toEqual(rows[i]);
      }
    }
  });
});

describe('funnel records in the mirror', () => {
  it.each(FUNNEL_RESOURCES)('maps every %s record into its typed columns without a field problem', (resource) => {
    const spec = CATALOG.get(resource);
    if (spec === undefined) throw new Error(`no ${resource} in the catalog`);
    const problems: string[] = [];
    for (const row of funnelWorld(300).rows[resource] ?? []) {
      const mapped = mapRecord(spec, row);
      if (!mapped.ok) problems.push(`${String(row.referencia)}: ${mapped.reason}`);
      else for (const p of mapped.problems) problems.push(`${String(row.referencia)} ${p.field}: ${p.reason}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
