// Decides when to alert. An incident opens when an account's resource has failed `failureThreshold` times in
// a row, or when its data becomes stale; it is announced once, and once more when it ends.
// Incidents live in etl.alert_incidents, so restarts and replicas never repeat a message.
import { PRINCIPAL_ACCOUNT } from '../config-accounts.ts';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/database.ts';
import type { ResourceSummary, SyncObserver } from '../sync/observer.ts';
import { channelsFromConfig, type AlertChannel } from './alert-channels.ts';
import { failingDetail, formatNotice, staleDetail } from './alert-messages.ts';
import type { Logger } from './logger.ts';
import { claimNotices, openIncident, releaseNotice, resolveIncident } from './queries/alert-incidents.ts';
import { readConsecutiveFailures, readResourceHealth } from './queries/resource-health.ts';
import { scrubSentence } from '../util/scrub.ts';
import { assessFreshness, stalenessRule } from './staleness.ts';

export interface AlertManagerOptions {
  readonly db: Queryable;
  readonly config: Pick<Config, 'alerts' | 'schedule' | 'cvcrm' | 'demo' | 'accounts'>;
  readonly logger: Logger;
  /** Default: the channels ALERT_* configures. */
  readonly channels?: readonly AlertChannel[];
  readonly now?: () => Date;
  /** How often start() checks staleness and retries undelivered notices; default 5 min. */
  readonly checkIntervalMs?: number;
}

export interface AlertManager {
  /** The principal account's sync events (a single-account installation). */
  readonly syncObserver: SyncObserver;
  /** Feed it one account's sync events; work is queued and never blocks the sync. */
  observerFor(conta: string): SyncObserver;
  handleResult(summary: ResourceSummary, conta?: string): Promise<void>;
  checkStaleness(): Promise<void>;
  /** Sends pending notices; returns how many went out. */
  deliver(): Promise<number>;
  /** Resolves when the work queued by the observer is done. */
  idle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createAlertManager(options: AlertManagerOptions): AlertManager {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const channels = options.channels ?? channelsFromConfig(config.alerts);
  const log = options.logger.child({ component: 'alerts' });
  const installation = config.demo ? 'demo' : (config.cvcrm.subdomain ?? config.cvcrm.baseUrl ?? 'cvcrm-etl');
  const timeZone = config.schedule.timezone;
  let queue: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const enqueue = (work: () => Promise<unknown>): void => {
    queue = queue.then(work).then(
      () => undefined,
      (error: unknown) => log.error({ error: scrubSentence(error) }, 'alert processing failed'),
    );
  };

  const handleResult = async (summary: ResourceSummary, conta: string = PRINCIPAL_ACCOUNT): Promise<void> => {
    const at = now();
    if (summary.status === 'succeeded') {
      const recovered = await resolveIncident(db, conta, summary.resource, 'failing', at);
      const fresh = await resolveIncident(db, conta, summary.resource, 'stale', at);
      if (recovered || fresh) log.info({ conta, resource: summary.resource }, 'incident resolved');
    } else if (summary.status === 'failed') {
      const failures = (await readConsecutiveFailures(db, conta, summary.resource)) ?? 1;
      if (failures >= config.alerts.failureThreshold) {
        const opened = await openIncident(db, conta, summary.resource, 'failing', failingDetail(failures, summary.error), at);
        if (opened) log.warn({ conta, resource: summary.resource, failures }, 'incident opened: sync failing');
      }
    }
    await deliver();
  };

  const checkStaleness = async (): Promise<void> => {
    const at = now();
    const rule = stalenessRule(config, at);
    for (const f of assessFreshness(await readResourceHealth(db), rule, at)) {
      if (f.stale) {
        const opened = await openIncident(db, f.conta, f.resource, 'stale', staleDetail(f.lastSuccessAt, rule.maxAgeMs, timeZone), at);
        if (opened) log.warn({ conta: f.conta, resource: f.resource }, 'incident opened: data stale');
      } else if (await resolveIncident(db, f.conta, f.resource, 'stale', at)) {
        log.info({ conta: f.conta, resource: f.resource }, 'incident resolved: data fresh again');
      }
    }
    await deliver();
  };

  const deliver = async (): Promise<number> => {
    if (channels.length === 0) return 0;
    let sent = 0;
    for (const notice of await claimNotices(db, now())) {
      const message = formatNotice(notice, { installation, timeZone });
      const results = await Promise.allSettled(channels.map((c) => c.send(message)));
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          log.error({ channel: channels[i]?.name, conta: notice.conta, resource: notice.resource, error: scrubSentence(result.reason) }, 'alert not delivered');
        }
      });
      // Delivered through any channel counts: retrying would repeat it on the ones that worked.
      if (results.some((r) => r.status === 'fulfilled')) {
        sent++;
        log.info({ conta: notice.conta, resource: notice.resource, kind: notice.kind, notice: notice.notice }, 'alert sent');
      } else {
        await releaseNotice(db, notice.id, notice.notice);
      }
    }
    return sent;
  };

  const observerFor = (conta: string): SyncObserver => ({
    onResourceDone: (summary) => enqueue(() => handleResult(summary, conta)),
  });

  return {
    syncObserver: observerFor(PRINCIPAL_ACCOUNT),
    observerFor,
    handleResult,
    checkStaleness,
    deliver,
    idle: () => queue,
    async start() {
      if (timer !== undefined) return;
      const tick = () => enqueue(checkStaleness);
      tick();
      timer = setInterval(tick, options.checkIntervalMs ?? 300_000);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await queue;
    },
  };
}
