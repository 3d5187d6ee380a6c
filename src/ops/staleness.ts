// When is a resource's data stale? When its last success is older than `staleAfterIntervals`
// schedule intervals. A resource that never succeeded is judged from its first attempt, so a
// fresh installation is not "stale" before its first sync had a chance to finish.
import type { Config } from '../config.ts';
import { resolveResourceName } from '../cvdw/catalog/index.ts';
import { cachedScheduleIntervalMs } from './cron.ts';
import type { ResourceHealthRow } from './queries/resource-health.ts';

export interface Freshness {
  readonly resource: string;
  readonly lastSuccessAt: Date | null;
  readonly stale: boolean;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
}

export interface StalenessRule {
  /** Age beyond which data is stale, in milliseconds. */
  readonly maxAgeMs: number;
  /** Whether the resource is synced under the current configuration. */
  readonly watched: (resource: string) => boolean;
}

export function stalenessRule(config: Pick<Config, 'schedule' | 'cvcrm'>, now: Date = new Date()): StalenessRule {
  const intervalMs = cachedScheduleIntervalMs(config.schedule.cron, config.schedule.timezone, now);
  const configured = config.cvcrm.resources;
  const all = configured.includes('all');
  const names = new Set(configured.map((r) => canonical(r)));
  return {
    maxAgeMs: intervalMs * config.schedule.staleAfterIntervals,
    // A resource dropped from CVCRM_RESOURCES keeps its old row but is no longer expected to be fresh.
    watched: (resource) => all || names.has(canonical(resource)),
  };
}

export function assessFreshness(rows: readonly ResourceHealthRow[], rule: StalenessRule, now: Date): Freshness[] {
  return rows.filter((row) => rule.watched(row.resource)).map((row) => {
    const since = row.lastSuccessAt ?? row.firstRunAt;
    return {
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
