// When is a resource's data stale? When its last success is older than `staleAfterIntervals`
// schedule intervals. A resource that never succeeded is judged from its first attempt, so a
// fresh installation is not "stale" before its first sync had a chance to finish.
import type { Config } from '../config.ts';
import { resolveResourceName } from '../cvdw/catalog/index.ts';
import { cachedScheduleIntervalMs } from './cron.ts';
import type { ResourceHealthRow } from './queries/resource-health.ts';

export interface Freshness {
  readonly conta: string;
  readonly resource: string;
  readonly lastSuccessAt: Date | null;
  readonly stale: boolean;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
}

export interface StalenessRule {
  /** Age beyond which data is stale, in milliseconds. */
  readonly maxAgeMs: number;
  /** Whether the account is configured and syncs the resource under the current configuration. */
  readonly watched: (conta: string, resource: string) => boolean;
}

export function stalenessRule(config: Pick<Config, 'schedule' | 'accounts'>, now: Date = new Date()): StalenessRule {
  const intervalMs = cachedScheduleIntervalMs(config.schedule.cron, config.schedule.timezone, now);
  const watchedBy = new Map(config.accounts.map((a) => {
    const all = a.resources.includes('all');
    const names = new Set(a.resources.map((r) => canonical(r)));
    return [a.name, (resource: string) => all || names.has(canonical(resource))] as const;
  }));
  return {
    maxAgeMs: intervalMs * config.schedule.staleAfterIntervals,
    // A resource dropped from CVCRM_RESOURCES, or an account dropped from CVCRM_ACCOUNTS, keeps
    // its old rows but is no longer expected to be fresh.
    watched: (conta, resource) => watchedBy.get(conta)?.(resource) ?? false,
  };
}

export function assessFreshness(rows: readonly ResourceHealthRow[], rule: StalenessRule, now: Date): Freshness[] {
  return rows.filter((row) => rule.watched(row.conta, row.resource)).map((row) => {
    const since = row.lastSuccessAt ?? row.firstRunAt;
    return {
      conta: row.conta,
      resource: row.resource,
      lastSuccessAt: row.lastSuccessAt,
      stale: since !== null && now.getTime() - since.getTime() > rule.maxAgeMs,
      consecutiveFailures: row.consecutiveFailures,
      lastError: row.lastError,
    };
  });
}

function canonical(name: string): string {
  return resolveResourceName(name) ?? name;
}
