// Work units on both databases: a tick's units are created once, each is claimed by exactly one
// of several racing workers, a lapsed lease hands a unit over, and one account's slow or failing
// units never hold up another account's.
import { describe, expect, it } from 'vitest';
import type { AccountConfig } from '../../src/config-accounts.ts';
import { claimUnit, enqueueUnits, finishUnit, renewUnit, unitsOfTick } from '../../src/sync/queries/work-units.ts';
import { createWorkUnitWorker, enqueueTick, unitsForTick } from '../../src/sync/work-units.ts';
import { workUnitLeaseSeconds } from '../../src/cli/commands/long-running.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const account = (name: string, resources: readonly string[]): AccountConfig => ({
  name, subdomain: name, email: `api@${name}.example`, token: 't', baseUrl: `https://${name}.cvcrm.com.br`, requestsPerMinute: 60, resources,
});
const LESTE = account('leste', ['reservas', 'vendas']);
const OESTE = account('oeste', ['reservas', 'vendas', 'leads']);

const waitFor = async (check: () => Promise<boolean>, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('WORK_UNIT_LEASE_SECONDS', () => {
  it('is optional, and refused with a sentence naming it when out of range', () => {
    expect(workUnitLeaseSeconds({})).toBeUndefined();
    expect(workUnitLeaseSeconds({ WORK_UNIT_LEASE_SECONDS: '5' })).toBe(5);
    expect(() => workUnitLeaseSeconds({ WORK_UNIT_LEASE_SECONDS: '1' })).toThrow(/WORK_UNIT_LEASE_SECONDS/);
    expect(() => workUnitLeaseSeconds({ WORK_UNIT_LEASE_SECONDS: 'muito' })).toThrow(/entre 2 e 3600/);
  });
});

describe('units of a tick', () => {
  it('are every configured resource of every account', () => {
    expect(unitsForTick([LESTE, OESTE]).map((u) => `${u.conta}/${u.resource}`)).toEqual([
      'leste/reservas', 'leste/vendas', 'oeste/reservas', 'oeste/vendas', 'oeste/leads',
    ]);
  });
});

describeEachDatabase('work units', (get) => {
  it('creates a tick\'s units once, however many workers enqueue it', async () => {
    const { db } = get();
    const tick = new Date('2026-11-01T10:00:00Z');
    const added = await Promise.all([enqueueTick(db, tick, [LESTE, OESTE]), enqueueTick(db, tick, [LESTE, OESTE])]);
    expect(added.reduce((a, b) => a + b, 0)).toBe(5);
    expect((await unitsOfTick(db, tick)).every((u) => u.state === 'pending')).toBe(true);
  });

  it('gives each unit to exactly one of several racing workers', async () => {
    const { db } = get();
    const tick = new Date('2026-11-01T11:00:00Z');
    await enqueueTick(db, tick, [OESTE]);
    const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map((w) => claimUnit(db, 'oeste', w, 60)));
    const won = claims.filter((c) => c !== undefined);
    // The new tick retired the earlier test's waiting oeste units: three units, three winners.
    expect(won.length).toBe(3);
    expect(new Set(won.map((c) => c!.id)).size).toBe(3);
    expect(won.every((c) => c!.tick.toISOString() === tick.toISOString())).toBe(true);
    expect(await claimUnit(db, 'oeste', 'w6', 60)).toBeUndefined();
  });

  it('supersedes an older waiting unit of the same account and resource', async () => {
    const { db } = get();
    const older = new Date('2026-11-02T10:00:00Z');
    const newer = new Date('2026-11-02T12:00:00Z');
    await enqueueUnits(db, older, [{ conta: 'norte', resource: 'vendas' }]);
    await enqueueUnits(db, newer, [{ conta: 'norte', resource: 'vendas' }]);
    expect((await unitsOfTick(db, older))[0]?.state).toBe('superseded');
    const unit = await claimUnit(db, 'norte', 'w1', 60);
    expect(unit?.tick.toISOString()).toBe(newer.toISOString());
  });

  it('hands a unit whose lease lapsed to another worker; the first can neither renew nor finish it', async () => {
    const { db } = get();
    await enqueueUnits(db, new Date('2026-11-03T10:00:00Z'), [{ conta: 'sul', resource: 'vendas' }]);
    const first = await claimUnit(db, 'sul', 'dead-worker', 0.2);
    expect(first).toBeDefined();
    expect(await claimUnit(db, 'sul', 'other', 60)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const taken = await claimUnit(db, 'sul', 'other', 60);
    expect(taken?.id).toBe(first!.id);
    expect(taken?.attempts).toBe(2);
    expect(await renewUnit(db, first!.id, 'dead-worker', 60)).toBe(false);
    expect(await finishUnit(db, first!.id, 'dead-worker', 'done')).toBe(false);
    expect(await finishUnit(db, first!.id, 'other', 'done')).toBe(true);
  });

  it('runs each account in its own lane: a stuck account never delays another', async () => {
    const { db } = get();
    const tick = new Date('2026-11-04T10:00:00Z');
    const stuck = account('parada', ['reservas', 'vendas']);
    const quick = account('rapida', ['reservas', 'vendas', 'leads']);
    await enqueueTick(db, tick, [stuck, quick]);
    const ran: string[] = [];
    const release: (() => void)[] = [];
    const workers = [1, 2, 3].map((n) => createWorkUnitWorker({
      db, accounts: [stuck, quick], holder: `worker-${n}`, leaseSeconds: 30, pollMs: 50,
      runUnit: async (a, resource, signal) => {
        ran.push(`${a.name}/${resource}`);
        // The stuck account waits (for its budget, say) until released or stopped.
        if (a.name === 'parada') await new Promise<void>((resolve) => { release.push(resolve); signal.addEventListener('abort', () => resolve()); });
        return a.name === 'rapida' && resource === 'leads' ? { ok: false, error: 'HTTP 401' } : { ok: true };
      },
    }));
    workers.forEach((w) => w.start());
    try {
      await waitFor(async () => (await unitsOfTick(db, tick)).filter((u) => u.conta === 'rapida' && (u.state === 'done' || u.state === 'failed')).length === 3);
      const units = await unitsOfTick(db, tick);
      expect(units.filter((u) => u.conta === 'rapida').map((u) => [u.resource, u.state])).toEqual([['leads', 'failed'], ['reservas', 'done'], ['vendas', 'done']]);
      expect(units.filter((u) => u.conta === 'parada').every((u) => u.state === 'running')).toBe(true);
      release.forEach((r) => r());
      await waitFor(async () => (await unitsOfTick(db, tick)).every((u) => u.state === 'done' || u.state === 'failed'));
      // Exactly once each: no unit ran twice.
      expect([...ran].sort()).toEqual(['parada/reservas', 'parada/vendas', 'rapida/leads', 'rapida/reservas', 'rapida/vendas']);
      expect((await unitsOfTick(db, tick)).every((u) => u.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('gives a unit back at a clean stop, and another worker resumes it', async () => {
    const { db } = get();
    const tick = new Date('2026-11-05T10:00:00Z');
    const one = account('unica', ['vendas']);
    await enqueueTick(db, tick, [one]);
    let started!: () => void;
    const began = new Promise<void>((r) => { started = r; });
    const first = createWorkUnitWorker({
      db, accounts: [one], holder: 'first', leaseSeconds: 30, pollMs: 50,
      runUnit: (_a, _r, signal) => new Promise((resolve) => { started(); signal.addEventListener('abort', () => resolve({ ok: false, error: 'stopped' })); }),
    });
    first.start();
    await began;
    await first.stop();
    expect((await unitsOfTick(db, tick))[0]?.state).toBe('pending');
    const second = createWorkUnitWorker({ db, accounts: [one], holder: 'second', leaseSeconds: 30, pollMs: 50, runUnit: async () => ({ ok: true }) });
    second.start();
    try {
      await waitFor(async () => (await unitsOfTick(db, tick))[0]?.state === 'done');
      expect((await unitsOfTick(db, tick))[0]).toMatchObject({ holder: 'second', attempts: 2 });
    } finally {
      await second.stop();
    }
  });
});
