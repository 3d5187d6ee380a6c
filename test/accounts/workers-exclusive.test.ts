// One (account, resource) is never synced by two holders at once, on both databases: a newer
// tick's unit waits while an older one runs under a live lease, a stalled older unit is retired
// by the next tick, a page whose holder lost the resource lease is not committed, and a unit's
// renewal keeps the resource lease alive, no longer than the unit lease.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { LeaseLostError, saveCheckpoint } from '../../src/sync/queries/checkpoint.ts';
import { claimLease } from '../../src/sync/queries/lease.ts';
import { saveReconcileCheckpoint } from '../../src/sync/queries/reconcile-state.ts';
import { ensureResourceState, readResourceState } from '../../src/sync/queries/resource-state.ts';
import { claimUnit, enqueueUnits, finishUnit, renewUnit, unitsOfTick } from '../../src/sync/queries/work-units.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { configFor, FAST_TUNING, sourceFor, withPrincipal } from '../helpers/sync-harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds until the resource lease lapses (negative once lapsed). */
async function leaseSecondsLeft(db: Queryable, conta: string, resource: string): Promise<number> {
  const { rows } = await db.query<{ left: number }>(
    `select extract(epoch from locked_until - now())::float8 as left from etl.resource_state where conta = $1 and resource = $2`,
    [conta, resource],
  );
  return Number(rows[0]!.left);
}

describeEachDatabase('one holder per account and resource', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 150, seed: 5, today: '2026-11-20' });
  });
  afterAll(async () => sim.stop());

  it('keeps a newer tick\'s unit waiting while an older unit of the same resource runs', async () => {
    const { db } = get();
    await enqueueUnits(db, new Date('2026-12-01T10:00:00Z'), [{ conta: 'alfa', resource: 'reservas' }]);
    const first = await claimUnit(db, 'alfa', 'w1', 60);
    expect(first).toBeDefined();
    const newer = new Date('2026-12-01T11:00:00Z');
    await enqueueUnits(db, newer, [{ conta: 'alfa', resource: 'reservas' }, { conta: 'alfa', resource: 'vendas' }]);
    // Only the other resource may start; the running unit's lease is live.
    const second = await claimUnit(db, 'alfa', 'w2', 60);
    expect(second?.resource).toBe('vendas');
    expect(await claimUnit(db, 'alfa', 'w3', 60)).toBeUndefined();
    expect(await finishUnit(db, first!.id, 'w1', 'done')).toBe(true);
    const third = await claimUnit(db, 'alfa', 'w3', 60);
    expect(third).toMatchObject({ resource: 'reservas' });
    expect(third!.tick.toISOString()).toBe(newer.toISOString());
  });

  it('retires an older running unit whose lease lapsed when a newer tick is enqueued', async () => {
    const { db } = get();
    const older = new Date('2026-12-02T10:00:00Z');
    const newer = new Date('2026-12-02T11:00:00Z');
    await enqueueUnits(db, older, [{ conta: 'beta', resource: 'reservas' }]);
    const stalled = await claimUnit(db, 'beta', 'stalled', 0.2);
    expect(stalled).toBeDefined();
    await sleep(400);
    await enqueueUnits(db, newer, [{ conta: 'beta', resource: 'reservas' }]);
    expect((await unitsOfTick(db, older))[0]?.state).toBe('superseded');
    const taken = await claimUnit(db, 'beta', 'w2', 60);
    expect(taken!.tick.toISOString()).toBe(newer.toISOString());
    // Only one unit of the resource exists to run: nothing else is claimable.
    expect(await claimUnit(db, 'beta', 'w3', 60)).toBeUndefined();
    expect(await renewUnit(db, stalled!.id, 'stalled', 60)).toBe(false);
  });

  it('refuses a checkpoint from a holder that lost the resource lease, and rolls its page back', async () => {
    const { db } = get();
    await ensureResourceState(db, 'gama', 'vendas');
    expect(await claimLease(db, 'gama', 'vendas', 'slow', 0.2)).toBe(true);
    await sleep(400);
    expect(await claimLease(db, 'gama', 'vendas', 'fast', 60)).toBe(true);
    const cp = { phase: 'range' as const, cursorData: '2026-11-01 00:00:00', cursorPage: 3, pageMaxData: '2026-11-02 00:00:00', undatedChecked: false };
    await db.transaction((tx) => saveCheckpoint(tx, 'gama', 'vendas', 'fast', 60, cp));
    const late = db.transaction(async (tx) => {
      await tx.query(`update etl.resource_state set pages_done = pages_done + 100 where conta = 'gama' and resource = 'vendas'`);
      await saveCheckpoint(tx, 'gama', 'vendas', 'slow', 60, { ...cp, cursorData: '2026-10-01 00:00:00', cursorPage: 1 });
    });
    await expect(late).rejects.toBeInstanceOf(LeaseLostError);
    const state = await readResourceState(db, 'gama', 'vendas');
    expect(state).toMatchObject({ locked_by: 'fast', cursor_page: 3, pages_done: 1 });
    expect(state!.cursor_data).toMatch(/^2026-11-01/);
  });

  it('refuses a reconciliation checkpoint from a holder that lost the resource lease', async () => {
    const { db } = get();
    await ensureResourceState(db, 'gama', 'comissoes');
    expect(await claimLease(db, 'gama', 'comissoes', 'fast', 60)).toBe(true);
    const cp = { phase: 'range' as const, cursorData: '2026-11-01 00:00:00', cursorPage: 3 };
    await db.transaction((tx) => saveReconcileCheckpoint(tx, 'gama', 'comissoes', 'fast', 60, cp));
    const late = db.transaction((tx) => saveReconcileCheckpoint(tx, 'gama', 'comissoes', 'slow', 60, { ...cp, cursorData: '2026-10-01 00:00:00', cursorPage: 1 }));
    await expect(late).rejects.toBeInstanceOf(LeaseLostError);
    const { rows } = await db.query<{ page: number; done: number; data: string }>(
      `select reconcile_cursor_page as page, reconcile_pages_done as done, reconcile_cursor_data::text as data
       from etl.resource_state where conta = 'gama' and resource = 'comissoes'`,
    );
    expect(rows[0]).toMatchObject({ page: 3, done: 1 });
    expect(rows[0]!.data).toMatch(/^2026-11-01/);
  });

  it('renews the resource lease with the unit\'s renewal', async () => {
    const { db } = get();
    await enqueueUnits(db, new Date('2026-12-03T10:00:00Z'), [{ conta: 'delta', resource: 'vendas' }]);
    const unit = await claimUnit(db, 'delta', 'holder-d', 1);
    await ensureResourceState(db, 'delta', 'vendas');
    expect(await claimLease(db, 'delta', 'vendas', 'holder-d', 1)).toBe(true);
    await sleep(600);
    expect(await renewUnit(db, unit!.id, 'holder-d', 30)).toBe(true);
    expect(await leaseSecondsLeft(db, 'delta', 'vendas')).toBeGreaterThan(20);
    // Another holder's resource lease is left alone.
    expect(await claimLease(db, 'delta', 'vendas', 'someone-else', 1, 'holder-d')).toBe(true);
    expect(await renewUnit(db, unit!.id, 'holder-d', 30)).toBe(true);
    expect(await leaseSecondsLeft(db, 'delta', 'vendas')).toBeLessThan(2);
  });

  it('runs a unit\'s sync under the given holder and lease length', async () => {
    const { db } = get();
    const seen: { holder: string | null; left: number }[] = [];
    const checks: Promise<void>[] = [];
    const summary = await runSync(
      {
        db, ...withPrincipal(configFor(sim, { CVCRM_PAGE_SIZE: '20' })), source: sourceFor(sim),
        holder: 'host:1:unit', tuning: { ...FAST_TUNING, leaseSeconds: 5 },
        observer: {
          onPage: () => {
            checks.push((async () => {
              const state = await readResourceState(db, 'principal', 'vendas');
              seen.push({ holder: state?.locked_by ?? null, left: await leaseSecondsLeft(db, 'principal', 'vendas') });
            })());
          },
        },
      },
      { resources: ['vendas'] },
    );
    await Promise.all(checks);
    expect(summary.ok).toBe(true);
    const during = seen.filter((s) => s.holder !== null);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((s) => s.holder === 'host:1:unit' && s.left <= 5.5)).toBe(true);
  });

  it('fails a sync whose resource lease another holder took mid-run, without committing its next page', async () => {
    const { db } = get();
    let stolen: Promise<unknown> | undefined;
    const summary = await runSync(
      {
        db, ...withPrincipal(configFor(sim, { CVCRM_PAGE_SIZE: '10' })), source: sourceFor(sim),
        tuning: { ...FAST_TUNING },
        observer: {
          onPage: () => {
            stolen ??= db.query(`update etl.resource_state set locked_by = 'thief', locked_until = now() + interval '1 hour'
                                  where conta = 'principal' and resource = 'reservas'`);
          },
        },
      },
      { resources: ['reservas'], full: true },
    );
    await stolen;
    const [reservas] = summary.resources;
    expect(reservas?.status).toBe('failed');
    expect(reservas?.error).toMatch(/passou para outro processo/);
    // The thief keeps it: the loser neither released its lease nor closed the run as failed.
    const state = await readResourceState(db, 'principal', 'reservas');
    expect(state?.locked_by).toBe('thief');
  });
});
