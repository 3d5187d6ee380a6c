// The long-lived process behind `start`, `serve`, `worker` and `demo`: the database, the web
// server and/or the scheduler, metrics, alerts and health, and one shutdown path for all of them.
import { hostname } from 'node:os';
import type { AccountConfig, Config } from '../config.ts';
import { isLoopbackHost } from '../util/loopback-host.ts';
import { healthProbe } from '../cvdw/probe.ts';
import { credentialId } from '../cvdw/request-budget.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { requestLedger } from '../db/queries/request-ledger.ts';
import { createAlertManager } from '../ops/alerts.ts';
import { createHealthCheck } from '../ops/health.ts';
import { loggerFromConfig, type Logger } from '../ops/logger.ts';
import { createMetrics } from '../ops/metrics.ts';
import type { Scheduler } from '../ops/scheduler.ts';
import { createShutdown, type Shutdown } from '../ops/shutdown.ts';
import type { SyncObserver } from '../sync/observer.ts';
import type { SyncDeps, SyncSource } from '../sync/run-sync.ts';
import type { createWorkUnitWorker, UnitEvent } from '../sync/work-units.ts';
import { readCredentials } from '../web/auth/credentials.ts';
import { openSyncSource } from './sync-source.ts';

export interface RuntimeOptions {
  readonly config: Config;
  readonly web: boolean;
  readonly worker: boolean;
  /** Run one sync as soon as the worker is up (the `start` command). */
  readonly syncAtStart: boolean;
  readonly stdoutIsTty: boolean;
  /** Tests: no process.exit, no signal handlers. */
  readonly embedded?: boolean;
  readonly logger?: Logger;
  /**
   * How long a worker holds a claimed work unit without renewing it (WORK_UNIT_LEASE_SECONDS):
   * how soon another worker takes over the unit of one that died. Default 60.
   */
  readonly workUnitLeaseSeconds?: number;
}

export interface Runtime {
  readonly url: string | undefined;
  readonly demo: boolean;
  readonly shutdown: Shutdown;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const logger = options.logger ?? loggerFromConfig(config, options.stdoutIsTty);
  const role = options.web && options.worker ? 'start' : options.web ? 'serve' : 'worker';
  // Production without a login is refused before the database is touched.
  if (options.web) readCredentials(config);
  const db = await openDatabase(config, `cvcrm-etl ${role}`);
  const shutdown = createShutdown({
    logger,
    closePool: () => db.close(),
    ...(options.embedded ? { signals: [] } : { exit: (code: number) => process.exit(code) }),
  });
  try {
    const migrated = await migrate(db);
    if (migrated.applied.length > 0) logger.info({ migrations: migrated.applied }, 'database migrated');
    const opened = await openSyncSource(config);
    shutdown.register('cvdw source', () => opened.close());
    if (opened.demo) logger.warn('DEMO mode: no CVCRM credentials configured; the built-in simulator is the source');

    const sourceFor = (account: AccountConfig): SyncSource => accountSource(account, opened.source);
    const metrics = createMetrics({
      db,
      accounts: config.accounts.map((a) => {
        const source = sourceFor(a);
        return { conta: a.name, credential: credentialId(source.email, source.baseUrl) };
      }),
    });
    const health = createHealthCheck({
      db, config,
      accounts: config.accounts.map((account) => {
        const source = sourceFor(account);
        const { probe } = healthProbe(requestLedger(db), config, source);
        return { conta: account.name, credential: credentialId(source.email, source.baseUrl), probe };
      }),
    });
    const alerts = createAlertManager({ db, config, logger });

    let url: string | undefined;
    let scheduler: Scheduler | undefined;
    let units: ReturnType<typeof createWorkUnitWorker> | undefined;
    // What only one role uses is loaded by that role alone: `serve` does not hold the sync, the
    // scheduler and their dependencies in memory, nor `worker` the web stack (Hono, the pages).
    if (options.worker) {
      const [{ createScheduler }, { combineObservers }, { progressLogObserver }, { runSync }, { createWorkUnitWorker, enqueueTick }] = await Promise.all([
        import('../ops/scheduler.ts'), import('../sync/observer.ts'),
        import('../sync/progress-log.ts'), import('../sync/run-sync.ts'), import('../sync/work-units.ts'),
      ]);
      // One line per page in the logs, with the counts and the time left (a fresh count per run).
      const progressLog = (logger: Logger, config: Config): SyncObserver =>
        progressLogObserver((level, fields, message) => logger[level](fields, message), { timeZone: config.schedule.timezone });
      const workerId = `${hostname()}:${process.pid}`;
      const leaseSeconds = options.workUnitLeaseSeconds ?? 60;
      const holder = `${workerId}:${Math.random().toString(36).slice(2, 8)}`;
      const workers = createWorkUnitWorker({
        db,
        accounts: config.accounts,
        holder,
        leaseSeconds,
        pollMs: Math.min(5_000, Math.max(200, (leaseSeconds * 1000) / 4)),
        runUnit: async (account, resource, signal) => {
          // The account rides along the contract's SyncDeps (part SYNC makes runSync per account).
          const deps: SyncDeps & { readonly account: AccountConfig } = {
            db, config, account, source: sourceFor(account),
            observer: combineObservers(alerts.observerFor(account.name), logObserver(logger, account.name), progressLog(logger, config)),
            // The resource lease is the unit's holder's and no longer than the unit lease, so the
            // unit timer renews it and a dead worker's resource is free about when its unit is.
            holder, tuning: { leaseSeconds },
          };
          const summary = await runSync(deps, { resources: [resource], signal });
          const failed = summary.resources.find((r) => r.status === 'failed');
          return { ok: summary.ok, ...(failed?.error !== undefined ? { error: failed.error } : {}) };
        },
        onEvent: (event) => logUnitEvent(logger, event),
      });
      units = workers;
      scheduler = createScheduler({
        db,
        cron: config.schedule.cron,
        timezone: config.schedule.timezone,
        logger,
        workerId,
        // The claimant of a tick only hands out its work: one unit per (account, resource), taken
        // by whichever workers are free, this one included.
        runSync: async (_signal, tick) => {
          const added = await enqueueTick(db, tick, config.accounts);
          logger.info({ tick: tick.toISOString(), units: added, accounts: config.accounts.length }, 'sync scheduled: work units created');
          workers.wake();
          return added;
        },
      });
      await alerts.start();
      shutdown.register('alerts', () => alerts.stop());
    }
    if (options.web) {
      const [{ createApp }, { startWebServer }] = await Promise.all([import('../web/app.ts'), import('../web/server.ts')]);
      const app = createApp({
        db, config, logger,
        health: async () => {
          const report = await health();
          return { healthy: report.healthy, body: report.body as unknown as Record<string, unknown> };
        },
        metrics: () => metrics.render(),
        onRequestTimed: (route, method, status, seconds) => metrics.observeWebRequest(route, method, status, seconds),
        demo: opened.demo,
        cacheResponses: true,
      });
      const server = await startWebServer(app, { host: listenHost(config, logger), port: config.web.port });
      shutdown.register('web server', () => server.close());
      url = server.url;
      logger.info({ address: server.url }, `dashboard on ${server.url}`);
    }
    // Last, once everything else is up (the web server listening): the scheduler may start a
    // sync at once (a missed tick, or `start`'s first sync), and no sync should begin in a
    // process that is about to fail its start-up.
    if (scheduler !== undefined && units !== undefined) {
      const worker = scheduler;
      const unitWorker = units;
      unitWorker.start();
      shutdown.register('work units', () => unitWorker.stop());
      await worker.start();
      shutdown.register('scheduler', () => worker.stop());
      if (options.syncAtStart) worker.runNow();
      // Nightly slices of the complete re-read that notices records deleted upstream, one
      // schedule per account (each its own budget). A missed slice is not caught up beside the
      // first sync at start-up: they would compete for leases.
      const { createReconcileScheduler } = await import('../ops/reconcile-scheduler.ts');
      for (const account of config.accounts) {
        const reconciler = createReconcileScheduler({
          db, config, account, source: sourceFor(account), logger, workerId: `${hostname()}:${process.pid}`, runMissedOnStart: !options.syncAtStart,
        });
        await reconciler.start();
        shutdown.register(`reconciliation ${account.name}`, () => reconciler.stop());
      }
    }
    return { url, demo: opened.demo, shutdown };
  } catch (error) {
    // Stop what started, then let the CLI print the cause and exit non-zero: exiting here would
    // report success to the platform (no restart) and lose the sentence.
    await shutdown.shutdown('start-up failed', { exit: false });
    throw error;
  }
}

/**
 * Where an account's sync reads from: its own CV CRM credential, or, for the demo's principal
 * account (no credential), the simulator this process started.
 */
function accountSource(account: AccountConfig, fallback: SyncSource): SyncSource {
  if (account.baseUrl !== undefined && account.email !== undefined && account.token !== undefined) {
    return { baseUrl: account.baseUrl, email: account.email, token: account.token, requestsPerMinute: account.requestsPerMinute };
  }
  return fallback;
}

function logUnitEvent(logger: Logger, e: UnitEvent): void {
  const fields = { conta: e.conta, resource: e.resource, tick: e.tick?.toISOString(), attempts: e.attempts };
  if (e.kind === 'claimed') logger.debug(fields, 'work unit claimed');
  else if (e.kind === 'finished') logger.info({ ...fields, ok: e.ok }, 'work unit finished');
  else if (e.kind === 'lost') logger.warn(fields, 'work unit taken over by another worker (lease lapsed)');
  else logger.error({ ...fields, error: e.error }, 'work unit loop error');
}

/** One line per resource in the logs: counts and the error sentence, never a record. */
function logObserver(logger: Logger, conta: string): SyncObserver {
  return {
    onResourceDone(s) {
      const fields = { conta, resource: s.resource, status: s.status, requests: s.requests, records: s.records, upserted: s.upserted, rejected: s.rejected, fieldProblems: s.fieldProblems ?? 0, deleted: s.deleted, seconds: Math.round(s.seconds * 10) / 10 };
      if (s.status === 'succeeded') logger.info(fields, `synced ${s.resource}`);
      else logger.error({ ...fields, error: s.error }, `sync of ${s.resource} ${s.status}`);
    },
    onRetry: (resource, reason) => logger.warn({ conta, resource, reason }, 'CVDW request retried'),
  };
}

/**
 * Outside production, with no login and no API token configured, the dashboard is open: it then
 * listens on this machine only, whatever HOST says.
 */
export function listenHost(config: Config, logger: Logger): string {
  const open = config.web.dashboardUser === undefined && config.web.apiTokens.length === 0;
  if (!config.production && open && !isLoopbackHost(config.web.host)) {
    logger.warn({ host: config.web.host }, 'no DASHBOARD_USER/DASHBOARD_PASSWORD or API_TOKENS: listening on 127.0.0.1 only');
    return '127.0.0.1';
  }
  return config.web.host;
}
