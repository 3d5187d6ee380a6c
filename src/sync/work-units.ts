// The work-unit loop every worker process runs. One lane per account: a lane claims that
// account's units only, so an account waiting for its request budget (or failing) never holds up
// another's. While a unit runs its lease is renewed; a lane that finds its unit taken over (its
// lease lapsed, say the process stalled) aborts the run, which commits the page in flight.
import type { AccountConfig } from '../config-accounts.ts';
import { expandResources } from '../cvdw/catalog/index.ts';
import type { Queryable } from '../db/database.ts';
import { claimUnit, enqueueUnits, finishUnit, releaseUnit, renewUnit, type WorkUnit } from './queries/work-units.ts';

export interface UnitOutcome {
  readonly ok: boolean;
  /** One sentence, no personal data. */
  readonly error?: string;
}

export interface UnitEvent {
  readonly kind: 'claimed' | 'finished' | 'lost' | 'error';
  readonly conta: string;
  readonly resource?: string;
  readonly tick?: Date;
  readonly attempts?: number;
  readonly ok?: boolean;
  readonly error?: string;
}

export interface WorkUnitWorkerOptions {
  readonly db: Queryable;
  readonly accounts: readonly AccountConfig[];
  /** Recorded as the unit's holder: unique per process (host, pid, random). */
  readonly holder: string;
  /** How long a claimed unit stays this worker's without a renewal; renewed every third of it. */
  readonly leaseSeconds: number;
  /** How often an idle lane looks for a unit (a tick claimed by this process wakes it at once). */
  readonly pollMs: number;
  /** Syncs one resource of one account; `signal` aborts it (stop, or the unit was taken over). */
  readonly runUnit: (account: AccountConfig, resource: string, signal: AbortSignal) => Promise<UnitOutcome>;
  readonly onEvent?: (event: UnitEvent) => void;
}

export interface WorkUnitWorker {
  start(): void;
  /** Look for units now (after this process enqueued a tick). */
  wake(): void;
  /** Stops claiming, aborts the units in flight and waits for them to be recorded. */
  stop(): Promise<void>;
  /** Units running in this process now. */
  busy(): number;
}

/** The units of one tick: every configured resource of every account. */
export function unitsForTick(accounts: readonly AccountConfig[]): { conta: string; resource: string }[] {
  return accounts.flatMap((a) => expandResources(a.resources).map((resource) => ({ conta: a.name, resource })));
}

export async function enqueueTick(db: Queryable, tick: Date, accounts: readonly AccountConfig[]): Promise<number> {
  return enqueueUnits(db, tick, unitsForTick(accounts));
}

export function createWorkUnitWorker(options: WorkUnitWorkerOptions): WorkUnitWorker {
  const { db, holder, leaseSeconds } = options;
  const emit = (event: UnitEvent) => options.onEvent?.(event);
  const stopping = new AbortController();
  const lanes: Promise<void>[] = [];
  const wakers = new Set<() => void>();
  let running = 0;

  const idle = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
      stopping.signal.addEventListener('abort', done, { once: true });
    });

  const work = async (account: AccountConfig, unit: WorkUnit): Promise<void> => {
    emit({ kind: 'claimed', conta: unit.conta, resource: unit.resource, tick: unit.tick, attempts: unit.attempts });
    const abort = new AbortController();
    const onStop = () => abort.abort(new Error('o worker está parando'));
    stopping.signal.addEventListener('abort', onStop, { once: true });
    let lost = false;
    const renewal = setInterval(() => {
      renewUnit(db, unit.id, holder, leaseSeconds).then(
        (still) => {
          if (still || lost) return;
          lost = true;
          emit({ kind: 'lost', conta: unit.conta, resource: unit.resource, tick: unit.tick });
          abort.abort(new Error('a unidade de trabalho passou para outro worker'));
        },
        // A failed renewal is retried at the next interval; the lease outlives two of them.
        () => undefined,
      );
    }, Math.max(50, (leaseSeconds * 1000) / 3));
    running++;
    let outcome: UnitOutcome;
    try {
      outcome = await options.runUnit(account, unit.resource, abort.signal);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearInterval(renewal);
      stopping.signal.removeEventListener('abort', onStop);
      running--;
    }
    if (lost) return;
    if (stopping.signal.aborted) {
      // Interrupted by our own stop: back to the pool at once, resumed from its checkpoint by
      // whichever worker claims it. If the database is gone the lease lapses instead.
      await releaseUnit(db, unit.id, holder).catch(() => undefined);
      return;
    }
    await finishUnit(db, unit.id, holder, outcome.ok ? 'done' : 'failed', outcome.error);
    emit({ kind: 'finished', conta: unit.conta, resource: unit.resource, tick: unit.tick, ok: outcome.ok, ...(outcome.error ? { error: outcome.error } : {}) });
  };

  const lane = async (account: AccountConfig): Promise<void> => {
    while (!stopping.signal.aborted) {
      let unit: WorkUnit | undefined;
      try {
        unit = await claimUnit(db, account.name, holder, leaseSeconds);
      } catch (error) {
        emit({ kind: 'error', conta: account.name, error: error instanceof Error ? error.message : String(error) });
      }
      if (unit === undefined) {
        await idle(options.pollMs);
        continue;
      }
      try {
        await work(account, unit);
      } catch (error) {
        emit({ kind: 'error', conta: account.name, resource: unit.resource, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  return {
    start() {
      if (lanes.length > 0) return;
      for (const account of options.accounts) lanes.push(lane(account));
    },
    wake() {
      for (const wake of [...wakers]) wake();
    },
    async stop() {
      stopping.abort();
      await Promise.all(lanes);
    },
    busy: () => running,
  };
}

