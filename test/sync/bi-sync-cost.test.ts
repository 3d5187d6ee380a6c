// The default set (sales core + commercial funnel) against the simulator: the funnel's resources
// are read incrementally like the core, so a second run with nothing changed costs one request
// per resource, and the load leaves bi filled from what it mirrored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_RESOURCES, FUNNEL_RESOURCES } from '../../src/cvdw/catalog/index.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { syncOnce, totalRequests } from '../helpers/sync-harness.ts';

describeEachDatabase('the default set with the funnel', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 23, today: '2026-11-20', rateLimit: false });
  });
  afterAll(async () => sim.stop());

  it('is what an unset CVCRM_RESOURCES syncs', () => {
    expect(loadConfig({}).cvcrm.resources).toEqual([...DEFAULT_RESOURCES]);
    for (const resource of FUNNEL_RESOURCES) expect(DEFAULT_RESOURCES).toContain(resource);
  });

  it('loads every resource, and bi holds one funnel row per counted lead', async () => {
    const first = await syncOnce(get().db, sim, { resources: [...DEFAULT_RESOURCES], env: { CVCRM_PAGE_SIZE: '500' } });
    expect(first.ok).toBe(true);
    expect(first.resources.map((r) => r.resource)).toEqual([...DEFAULT_RESOURCES]);
    // Within a few pages each at 500 a page: the first load fits the shared per-minute budget.
    expect(totalRequests(first)).toBeLessThan(18 * 3);
    const { rows } = await get().db.query<{ leads: number; fatos: number; reservas: number; fato_reservas: number }>(
      `select (select count(distinct idlead)::int from cvdw.leads where deleted_at is null and ativo is distinct from 'N' and idlead is not null) as leads,
              (select count(*)::int from bi.fato_leads) as fatos,
              (select count(distinct idreserva)::int from cvdw.reservas where deleted_at is null) as reservas,
              (select count(*)::int from bi.fato_reservas) as fato_reservas`);
    expect(rows[0]!.fatos).toBe(rows[0]!.leads);
    expect(rows[0]!.fatos).toBeGreaterThan(0);
    expect(rows[0]!.fato_reservas).toBe(rows[0]!.reservas);
  });

  it('costs one request per resource when nothing changed', async () => {
    const second = await syncOnce(get().db, sim, { resources: [...DEFAULT_RESOURCES], env: { CVCRM_PAGE_SIZE: '500' } });
    expect(second.ok).toBe(true);
    for (const r of second.resources) expect(r.requests, r.resource).toBe(1);
    expect(totalRequests(second)).toBe(DEFAULT_RESOURCES.length);
  });
});
