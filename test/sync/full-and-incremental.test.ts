// Full and incremental syncs against the simulator: the database holds exactly what the API holds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CORE, mirrorPayloads, simulatorRecords, syncOnce, totalRequests } from '../helpers/sync-harness.ts';

describeEachDatabase('sync against the simulator', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 300, seed: 7, today: '2026-11-20', rateLimit: false });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('loads every record of every core resource, record for record', async () => {
    const summary = await syncOnce(get().db, sim);
    expect(summary.ok).toBe(true);
    for (const resource of CORE) {
      const expected = simulatorRecords(sim, resource);
      const actual = await mirrorPayloads(get().db, resource);
      expect(actual.size, resource).toBe(expected.size);
      for (const [key, record] of expected) expect(actual.get(key), `${resource} ${key}`).toEqual(record);
    }
    const { rows } = await get().db.query<{ status: string; n: number }>(`select status, count(*)::int as n from etl.runs group by status`);
    expect(rows).toEqual([{ status: 'succeeded', n: CORE.length }]);
  });

  it('costs one request per resource when nothing changed', async () => {
    const summary = await syncOnce(get().db, sim);
    expect(summary.ok).toBe(true);
    for (const r of summary.resources) expect(r.requests, r.resource).toBe(1);
    expect(totalRequests(summary)).toBe(CORE.length);
  });

  it('picks up creates, updates and deactivations incrementally, and hard deletes on --full', async () => {
    sim.clock.advance(60_000);
    const reservas = sim.data.snapshot('reservas');
    const updated = sim.data.update('reservas', String(reservas[5]!.referencia), { situacao: 'Vendida', valor_contrato: 123456.78 });
    const deactivated = sim.data.deactivate('reservas', String(reservas[9]!.referencia));
    const created = sim.data.create('reservas');
    const deletedKey = String(reservas[20]!.referencia);
    sim.data.hardDelete('reservas', deletedKey);
    sim.clock.advance(1000);

    const incremental = await syncOnce(get().db, sim, { resources: ['reservas'] });
    expect(incremental.ok).toBe(true);
    const mirror = await mirrorPayloads(get().db, 'reservas');
    expect(mirror.get(String(updated.referencia))).toEqual(updated);
    expect(mirror.get(String(deactivated.referencia))).toMatchObject({ ativo: 'N' });
    expect(mirror.get(String(created.referencia))).toEqual(created);
    // A hard delete leaves no trace in an incremental read: the row is still there.
    expect(mirror.has(deletedKey)).toBe(true);
    const { rows: inactive } = await get().db.query('select 1 from public.vw_vendas_ativas where cvcrm_id = $1::bigint', [deactivated.idreserva]);
    expect(inactive).toHaveLength(0);

    const full = await syncOnce(get().db, sim, { resources: ['reservas'], full: true });
    expect(full.resources[0]).toMatchObject({ status: 'succeeded', deleted: 1 });
    const after = await mirrorPayloads(get().db, 'reservas');
    expect(after.has(deletedKey)).toBe(false);
    expect(after.size).toBe(sim.data.count('reservas'));
    const { rows: gone } = await get().db.query<{ deleted: boolean }>(
      'select deleted_at is not null as deleted from cvdw.reservas where referencia = $1::text', [deletedKey]);
    expect(gone).toEqual([{ deleted: true }]);
    const { rows: sale } = await get().db.query('select 1 from public.vendas where cvcrm_id = $1::bigint', [Number(deletedKey)]);
    expect(sale).toHaveLength(0);
  });

  it('keeps the business tables equal to the mirror after the run', async () => {
    const { rows } = await get().db.query<{ mirror: number; vendas: number }>(
      `select (select count(*)::int from cvdw.reservas where deleted_at is null and data_venda is not null) as mirror,
              (select count(*)::int from public.vendas) as vendas`,
    );
    expect(rows[0]!.vendas).toBe(rows[0]!.mirror);
    const { rows: units } = await get().db.query<{ a: number; b: number }>(
      `select (select count(*)::int from cvdw.unidades where deleted_at is null) as a, (select count(*)::int from public.unidades) as b`,
    );
    expect(units[0]!.b).toBe(units[0]!.a);
  });
});
