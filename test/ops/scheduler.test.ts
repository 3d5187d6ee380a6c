import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { claimTick, lastTick } from '../../src/ops/queries/schedule-ticks.ts';
import { createScheduler, type Scheduler } from '../../src/ops/scheduler.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { deferred, memoryLogger, sleep, waitFor } from './support.ts';

describeEachDatabase('scheduler', (get) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Each replica gets its own pool on the real server, as separate processes would. */
  function replicaDb(): Database {
    const { db, url } = get();
    if (url === undefined) return db;
    const own = openPostgres({ url, poolSize: 2 });
    cleanups.push(() => own.close());
    return own;
  }

  function track(scheduler: Scheduler): Scheduler {
    cleanups.push(() => scheduler.stop());
    return scheduler;
  }

  it('claims a tick only when it is newer than the last one', async () => {
    const { db } = get();
    const t1 = new Date('2025-01-01T10:00:00Z');
    const t2 = new Date('2025-01-01T14:00:00Z');
    expect(await claimTick(db, 'claim-test', t1, 'a')).toBe(true);
    expect(await claimTick(db, 'claim-test', t1, 'b')).toBe(false);
    expect(await claimTick(db, 'claim-test', new Date('2025-01-01T06:00:00Z'), 'b')).toBe(false);
    expect(await claimTick(db, 'claim-test', t2, 'b')).toBe(true);
    expect(await lastTick(db, 'claim-test')).toEqual({ lastTick: t2, claimedBy: 'b' });
  });

  it('runs each tick exactly once across three replicas', async () => {
    const runs: { tick: string; worker: string }[] = [];
    const replicas = ['w1', 'w2', 'w3'].map((workerId) => track(createScheduler({
      db: replicaDb(),
      cron: '*/1 * * * * *',
      timezone: 'America/Sao_Paulo',
      name: 'every-second',
      workerId,
      logger: memoryLogger().logger,
      runSync: async (_signal, tick) => {
        runs.push({ tick: tick.toISOString(), worker: workerId });
        await sleep(30);
      },
    })));
    await Promise.all(replicas.map((r) => r.start()));
    await sleep(3300);
    await Promise.all(replicas.map((r) => r.stop()));

    const ticks = runs.map((r) => Date.parse(r.tick)).sort((a, b) => a - b);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
    // No tick skipped between the first and the last: each second ran once.
    expect(ticks.at(-1)! - ticks[0]!).toBe((ticks.length - 1) * 1000);
    const stored = await lastTick(get().db, 'every-second');
    expect(stored?.lastTick.getTime()).toBe(ticks.at(-1));
  });

  it('runs a tick missed while every worker was down once, at the next start', async () => {
    const { db } = get();
    await claimTick(db, 'hourly', new Date('2025-01-01T09:00:00Z'), 'old');
    const now = () => new Date('2025-01-01T12:30:00Z');
    const runs: string[] = [];
    const make = (workerId: string) => track(createScheduler({
      db: replicaDb(), cron: '0 * * * *', timezone: 'UTC', name: 'hourly', workerId, now,
      logger: memoryLogger().logger,
      runSync: async (_signal, tick) => {
        runs.push(`${workerId}@${tick.toISOString()}`);
      },
    }));
    const first = make('w1');
    await first.start();
    await waitFor(() => runs.length === 1);
    expect(runs).toEqual(['w1@2025-01-01T12:00:00.000Z']);
    expect(first.nextTick()?.toISOString()).toBe('2025-01-01T13:00:00.000Z');

    // A second worker starting in the same hour finds the tick taken.
    const second = make('w2');
    await second.start();
    await sleep(100);
    expect(runs).toHaveLength(1);
    expect((await lastTick(db, 'hourly'))?.claimedBy).toBe('w1');
  });

  it('stop() aborts the run in flight and waits for it to return', async () => {
    const release = deferred();
    const started = deferred<AbortSignal>();
    let finished = false;
    const scheduler = track(createScheduler({
      db: replicaDb(), cron: '0 * * * *', timezone: 'UTC', name: 'stop-test', workerId: 'w1',
      now: () => new Date('2025-01-01T12:30:00Z'),
      logger: memoryLogger().logger,
      runSync: async (signal) => {
        started.resolve(signal);
        await release.promise;
        finished = true;
      },
    }));
    await scheduler.start();
    const signal = await started.promise;
    expect(scheduler.busy()).toBe(true);

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(signal.aborted).toBe(true);
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(finished).toBe(true);
    expect(scheduler.busy()).toBe(false);
  });

  it('runs a sync on request, one at a time, without claiming a tick', async () => {
    const release = deferred();
    let calls = 0;
    const scheduler = track(createScheduler({
      db: replicaDb(), cron: '0 0 1 1 *', timezone: 'UTC', name: 'on-request', workerId: 'w1',
      runMissedOnStart: false, logger: memoryLogger().logger,
      runSync: async () => {
        calls++;
        await release.promise;
      },
    }));
    expect(scheduler.runNow()).toBe(false);
    await scheduler.start();
    expect(scheduler.runNow()).toBe(true);
    expect(scheduler.runNow()).toBe(false);
    release.resolve();
    await waitFor(() => !scheduler.busy());
    expect(calls).toBe(1);
    expect(await lastTick(get().db, 'on-request')).toBeUndefined();
  });

  it('keeps going after a failed sync, logging the error scrubbed', async () => {
    const { logger, lines } = memoryLogger();
    let calls = 0;
    const scheduler = track(createScheduler({
      db: replicaDb(), cron: '*/1 * * * * *', timezone: 'UTC', name: 'failing', workerId: 'w1', logger,
      runSync: async () => {
        calls++;
        throw new Error('login failed for someone@example.com');
      },
    }));
    await scheduler.start();
    await waitFor(() => calls >= 2, 4000);
    await scheduler.stop();
    const failures = lines().filter((l) => l.msg === 'sync failed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(failures)).not.toContain('someone@example.com');
  });
});
