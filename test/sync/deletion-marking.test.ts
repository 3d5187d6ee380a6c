// Only records gone upstream are marked deleted, whatever else wrote the mirror meanwhile: a full
// sync stopped by 429s and resumed after a nightly reconciliation slice re-read the resource, and
// records that exist upstream but are rejected whole (nested too deep, too large), through a
// reconciliation pass and a full sync.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { runReconcileSlice, type ReconcileSliceSummary } from '../../src/sync/run-reconcile.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { configFor, FAST_TUNING, sourceFor, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';
import { expectMirrorEqualsSimulator } from '../reliability/helpers.ts';

const DAY_MS = 24 * 3600_000;
const PAGE_SIZE = '20';

async function deletedKeys(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ referencia: string }>('select referencia from cvdw.reservas where deleted_at is not null order by referencia');
  return rows.map((r) => r.referencia);
}

async function rowsSeenBy(db: Queryable, runId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from cvdw.reservas where seen_in_run = $1::bigint', [runId]);
  return rows[0]!.n;
}

async function saleCount(db: Queryable, idreserva: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from public.vendas where cvcrm_id = $1::bigint', [idreserva]);
  return rows[0]!.n;
}

describeEachDatabase('only records gone upstream are marked deleted', (get) => {
  let sim: RunningSimulator;
  /** Each slice runs on its own night, far enough ahead for reservas to be due. */
  let nights = 0;
  const slice = async (allowance: number): Promise<ReconcileSliceSummary> => {
    const night = new Date(Date.now() + (10 + 10 * ++nights) * DAY_MS);
    const config = configFor(sim, { CVCRM_RESOURCES: 'reservas', CVCRM_PAGE_SIZE: PAGE_SIZE });
    return runReconcileSlice({ db: get().db, ...withPrincipal(config), source: sourceFor(sim), now: () => night, tuning: FAST_TUNING },
      { allowance, deadline: new Date(night.getTime() + 3600_000) });
  };

  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 17, today: '2026-11-20', rateLimit: false });
    expect((await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: PAGE_SIZE } })).ok).toBe(true);
  });
  afterAll(async () => sim.stop());

  /**
   * `sync --full` stopped by a 429 storm after `pages` pages; its checkpoint stays for the next
   * sync. The storm starts as the last of them arrives: the next page may be asked for while a
   * page loads, so the page count is what the requests answered decide.
   */
  const failedFullSync = async (pages: number): Promise<number> => {
    let answered = 0;
    const failed = await syncOnce(get().db, sim, {
      resources: ['reservas'], full: true, env: { CVCRM_PAGE_SIZE: PAGE_SIZE, CVCRM_MAX_RETRIES: '1' },
      observer: { onRequest: (_resource, status) => { if (status === 200 && ++answered === pages) sim.faults.lockout(60_000); } },
    });
    sim.resetRateLimit();
    expect(failed.ok).toBe(false);
    expect(failed.resources[0]).toMatchObject({ status: 'failed', mode: 'full', pages });
    const { rows } = await get().db.query<{ run_id: number; run_mode: string }>(`select run_id, run_mode from etl.resource_state where resource = 'reservas'`);
    expect(rows[0]?.run_mode).toBe('full');
    return Number(rows[0]!.run_id);
  };

  it('a full sync resumed after a slice re-read part of it marks only the record deleted upstream', async () => {
    const before = await deletedKeys(get().db);
    const ordered = sim.data.snapshot('reservas');
    const fullRun = await failedFullSync(4);
    const readByFullRun = await rowsSeenBy(get().db, fullRun);
    expect(readByFullRun).toBeGreaterThan(60);

    // Gone before anything read it again: the resumed full sync is what notices it.
    const gone = String(ordered[ordered.length - 5]!.referencia);
    expect(sim.data.hardDelete('reservas', gone)).toBe(true);
    // The night's slice re-reads the oldest pages, which the stopped full sync had read already.
    const night = await slice(3);
    expect(night.resources).toMatchObject([{ resource: 'reservas', result: 'paused', requests: 3 }]);
    const { rows: runs } = await get().db.query<{ id: number }>(`select max(id) as id from etl.runs where resource = 'reservas' and mode = 'reconcile'`);
    const rereadBySlice = await rowsSeenBy(get().db, Number(runs[0]!.id));
    expect(rereadBySlice).toBeGreaterThan(40);
    expect(await rowsSeenBy(get().db, fullRun)).toBe(readByFullRun - rereadBySlice);

    // The morning sync resumes the full run and completes it.
    const morning = await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: PAGE_SIZE } });
    expect(morning.resources[0]).toMatchObject({ status: 'succeeded', mode: 'full', deleted: 1 });
    expect(await deletedKeys(get().db)).toEqual([...before, gone].sort());
    await expectMirrorEqualsSimulator(get().db, sim, ['reservas']);
    const firstSale = ordered.find((r) => r.ativo === 'S' && typeof r.data_venda === 'string' && r.situacao !== 'Distrato');
    expect(await saleCount(get().db, Number(firstSale!.idreserva))).toBe(1);
  });

  it('a full sync resumed after a slice completed the whole pass marks nothing', async () => {
    const before = await deletedKeys(get().db);
    await failedFullSync(5);
    const night = await slice(1000);
    expect(night.resources).toMatchObject([{ resource: 'reservas', result: 'completed', deleted: 0 }]);
    const morning = await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: PAGE_SIZE } });
    expect(morning.resources[0]).toMatchObject({ status: 'succeeded', mode: 'full', deleted: 0 });
    expect(await deletedKeys(get().db)).toEqual(before);
    await expectMirrorEqualsSimulator(get().db, sim, ['reservas']);
  });

  it('a record rejected whole keeps its row through a reconciliation pass and a full sync', async () => {
    const before = await deletedKeys(get().db);
    const sales = sim.data.snapshot('reservas').filter((r) => r.ativo === 'S' && typeof r.data_venda === 'string' && r.situacao !== 'Distrato');
    const [deepSale, largeSale] = [sales[2]!, sales[3]!];
    let deep: unknown = 'fundo';
    for (let i = 0; i < 40; i++) deep = [deep];
    sim.clock.advance(60_000);
    sim.data.update('reservas', String(deepSale.referencia), { campos_adicionais: deep });
    sim.data.update('reservas', String(largeSale.referencia), { observacao: 'x'.repeat(1_000_001) });
    const gone = String(sales[10]!.referencia);
    sim.data.hardDelete('reservas', gone);
    sim.clock.advance(1000);
    const rejectedKeys = [String(deepSale.referencia), String(largeSale.referencia)].sort();

    const day = await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: PAGE_SIZE } });
    expect(day.resources[0]).toMatchObject({ status: 'succeeded', rejected: 2 });
    const { rows: rejected } = await get().db.query<{ referencia: string }>(
      `select distinct referencia from etl.rejected_records where resource = 'reservas' and referencia is not null order by referencia`);
    expect(rejected.map((r) => r.referencia)).toEqual(rejectedKeys);

    const pass = await slice(1000);
    expect(pass.resources).toMatchObject([{ resource: 'reservas', result: 'completed', deleted: 1 }]);
    expect(await deletedKeys(get().db)).toEqual([...before, gone].sort());

    const full = await syncOnce(get().db, sim, { resources: ['reservas'], full: true, env: { CVCRM_PAGE_SIZE: PAGE_SIZE } });
    expect(full.resources[0]).toMatchObject({ status: 'succeeded', mode: 'full', rejected: 2, deleted: 0 });
    expect(await deletedKeys(get().db)).toEqual([...before, gone].sort());
    // Kept as last loaded, and still a sale.
    for (const sale of [deepSale, largeSale]) expect(await saleCount(get().db, Number(sale.idreserva)), String(sale.referencia)).toBe(1);
    const { rows: seen } = await get().db.query<{ referencia: string; by_full_run: boolean }>(
      `select referencia, seen_in_run = (select max(id) from etl.runs where resource = 'reservas' and mode = 'full') as by_full_run
         from cvdw.reservas where referencia = any($1::text[]) order by referencia`, [rejectedKeys]);
    expect(seen).toEqual(rejectedKeys.map((referencia) => ({ referencia, by_full_run: true })));
  });
});
