// Scheduled reconciliation against the simulator: records hard-deleted upstream are marked after
// the nightly slice the scheduler runs, with no manual `sync --full`; a pass split over several
// nights, with records updated and incremental syncs in between, marks exactly the deleted ones.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import type { Queryable } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/db/ddl/mirror-ddl.ts';
import { parseSchedule } from '../../src/ops/cron.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { createReconcileScheduler, RECONCILE_CRON } from '../../src/ops/reconcile-scheduler.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import type { ReconcileSliceSummary } from '../../src/sync/run-reconcile.ts';
import { runReconcileSlice } from '../../src/sync/run-reconcile.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { configFor, CORE, FAST_TUNING, mirrorPayloads, simulatorRecords, sourceFor, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';
import { expectMirrorEqualsSimulator } from '../reliability/helpers.ts';

const DAY_MS = 24 * 3600_000;
const TIMEZONE = 'America/Sao_Paulo';

async function deletedKeys(db: Queryable, resource: string): Promise<string[]> {
  const { rows } = await db.query<{ referencia: string }>(
    `select referencia from cvdw.${quoteIdent(getResource(resource).table)} where deleted_at is not null order by referencia`,
  );
  return rows.map((r) => r.referencia);
}

/** The first nightly tick at least `days` days from now, half a minute in: "tonight, a week on". */
function nightAfter(days: number): Date {
  const tick = parseSchedule(RECONCILE_CRON, TIMEZONE).next(new Date(Date.now() + days * DAY_MS))!;
  return new Date(tick.getTime() + 30_000);
}

describeEachDatabase('scheduled reconciliation', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 11, today: '2026-11-20', rateLimit: false });
    const first = await syncOnce(get().db, sim);
    expect(first.ok).toBe(true);
  });
  afterAll(async () => sim.stop());

  it('marks records deleted upstream after the nightly slice the scheduler claims and runs, once per night', async () => {
    const gone = {
      reservas: [String(sim.data.snapshot('reservas')[3]!.referencia), String(sim.data.snapshot('reservas')[40]!.referencia)],
      unidades: [String(sim.data.snapshot('unidades')[7]!.referencia)],
      comissoes: [String(sim.data.snapshot('comissoes')[1]!.referencia)],
    };
    const sale = sim.data.get('reservas', gone.reservas[0]!)!;
    for (const [resource, keys] of Object.entries(gone)) for (const key of keys) expect(sim.data.hardDelete(resource, key)).toBe(true);
    sim.clock.advance(60_000);

    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }) });
    const config = configFor(sim, { SYNC_TIMEZONE: TIMEZONE });
    const tonight = nightAfter(8);
    const slices: ReconcileSliceSummary[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const scheduler = createReconcileScheduler({
      db: get().db, config, source: sourceFor(sim), logger, workerId: 'worker-a', now: () => tonight, tuning: FAST_TUNING,
      onSlice: (s) => { slices.push(s); finished(); },
    });
    await scheduler.start();
    await done;
    await scheduler.stop();

    expect(slices).toHaveLength(1);
    expect([...slices[0]!.planned].sort()).toEqual(CORE.filter((r) => r !== 'empreendimentos').sort());
    expect(slices[0]!.resources.every((r) => r.result === 'completed')).toBe(true);
    for (const [resource, keys] of Object.entries(gone)) expect(await deletedKeys(get().db, resource), resource).toEqual([...keys].sort());
    await expectMirrorEqualsSimulator(get().db, sim);
    const { rows: sales } = await get().db.query('select 1 from public.vendas where cvcrm_id = $1::bigint', [sale.idreserva]);
    expect(sales).toHaveLength(0);
    const { rows: runs } = await get().db.query<{ status: string; n: number; deleted: number }>(
      `select status, count(*)::int as n, sum(deleted)::int as deleted from etl.runs where mode = 'reconcile' group by status`);
    expect(runs).toEqual([{ status: 'succeeded', n: 6, deleted: 4 }]);
    const { rows: state } = await get().db.query<{ open: number; fresh: number }>(
      `select count(*) filter (where reconcile_started_at is not null or locked_by is not null)::int as open,
              count(*) filter (where last_full_at > now() - interval '1 hour')::int as fresh
         from etl.resource_state`);
    expect(state[0]).toEqual({ open: 0, fresh: 7 });
    const summaryLine = lines.map((l) => JSON.parse(l) as { msg: string }).find((l) => l.msg.startsWith('reconciliação noturna: '));
    expect(summaryLine?.msg).toContain('6 de 6 recursos relidos por completo; 4 registros marcados como excluídos');

    // A second worker on the same night finds the tick claimed and runs nothing.
    const other = createReconcileScheduler({
      db: get().db, config, source: sourceFor(sim), logger, workerId: 'worker-b', now: () => tonight, tuning: FAST_TUNING,
      onSlice: (s) => slices.push(s),
    });
    await other.start();
    await other.stop();
    expect(slices).toHaveLength(1);
  });

  it('spreads a pass over several slices, keeps it apart from the syncs in between, and never marks a record that moved', async () => {
    const config = configFor(sim, { CVCRM_RESOURCES: 'reservas', CVCRM_PAGE_SIZE: '20' });
    const source = sourceFor(sim);
    const night = new Date(Date.now() + 16 * DAY_MS);
    const slice = () => runReconcileSlice({ db: get().db, ...withPrincipal(config), source, now: () => night, tuning: FAST_TUNING },
      { allowance: 3, deadline: new Date(night.getTime() + 3600_000) });
    const passState = async () => (await get().db.query<{ started: Date | null; phase: string | null; cursor: string | null; pages: number }>(
      `select reconcile_started_at as started, reconcile_phase as phase, reconcile_cursor_data as cursor, reconcile_pages_done as pages
         from etl.resource_state where resource = 'reservas'`)).rows[0]!;
    const markedBefore = await deletedKeys(get().db, 'reservas');
    const total = sim.data.count('reservas');
    expect(total / 20).toBeGreaterThan(9);

    const first = await slice();
    expect(first.resources).toMatchObject([{ resource: 'reservas', result: 'paused', requests: 3 }]);
    const afterFirst = await passState();
    expect(afterFirst.pages).toBe(3);

    // The pass has read the oldest records; move some it read and some it has not, delete both kinds.
    const ordered = sim.data.snapshot('reservas').map((r) => String(r.referencia));
    const readEarly = ordered.slice(5, 8);
    const notYetRead = ordered.slice(total - 30, total - 27);
    sim.clock.advance(60_000);
    const moved = [readEarly[0]!, notYetRead[0]!];
    for (const key of moved) sim.data.update('reservas', key, { situacao: 'Vendida' });
    const deleted = [readEarly[1]!, notYetRead[1]!];
    for (const key of deleted) sim.data.hardDelete('reservas', key);
    sim.clock.advance(1000);

    // A daytime incremental sync between slices: it loads the moves and leaves the pass where it was.
    const day = await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: '20' } });
    expect(day.ok).toBe(true);
    expect(await passState()).toEqual(afterFirst);

    // Moved after that sync, and deleted after it: only the pass can see these.
    sim.clock.advance(60_000);
    const movedLater = [readEarly[2]!, notYetRead[2]!];
    for (const key of movedLater) sim.data.update('reservas', key, { situacao: 'Distrato' });
    const deletedLater = ordered[total - 10]!;
    sim.data.hardDelete('reservas', deletedLater);
    sim.clock.advance(1000);

    /** Slices until the pass completes; every pause keeps the pass (same start) for the next. */
    const untilComplete = async (passStart: Date | null): Promise<{ slices: number; deleted: number }> => {
      let start = passStart;
      for (let count = 1; count < 40; count++) {
        const outcome = (await slice()).resources[0]!;
        if (outcome.result === 'completed') return { slices: count, deleted: outcome.deleted };
        expect(outcome.result).toBe('paused');
        const state = await passState();
        start ??= state.started;
        expect(state.started).toEqual(start);
      }
      throw new Error('the pass never completed');
    };
    const pass = await untilComplete(afterFirst.started);
    expect(1 + pass.slices).toBeGreaterThan(3);
    // Deleted ahead of the cursor: marked by this pass. Deleted behind it (the pass had already
    // read it while it existed): the next pass notices it.
    expect(pass.deleted).toBe(2);
    expect(await deletedKeys(get().db, 'reservas')).toEqual([...markedBefore, notYetRead[1]!, deletedLater].sort());
    const nextPass = await untilComplete(null);
    expect(nextPass.deleted).toBe(1);
    expect(await deletedKeys(get().db, 'reservas')).toEqual([...markedBefore, ...deleted, deletedLater].sort());
    const mirror = await mirrorPayloads(get().db, 'reservas');
    for (const key of [...moved, ...movedLater]) expect(mirror.get(key), key).toEqual(simulatorRecords(sim, 'reservas').get(key));
    await expectMirrorEqualsSimulator(get().db, sim, ['reservas']);
    expect((await passState()).phase).toBeNull();
    const { rows: runs } = await get().db.query<{ n: number }>(
      `select count(*)::int as n from etl.runs where mode = 'reconcile' and resource = 'reservas' and status = 'succeeded'`);
    expect(runs[0]!.n).toBeGreaterThan(4);
  });
});
