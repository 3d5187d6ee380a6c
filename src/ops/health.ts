// The /health answer: the database answers, CVDW answers, and every synced resource is fresh.
// The CVDW check spends the shared request budget (about 20 a minute), so its result is cached
// and concurrent health calls share one request in flight.
import type { Config } from '../config.ts';
import type { Queryable } from '../db/database.ts';
import { readResourceHealth } from './queries/resource-health.ts';
import { scrubSentence } from './scrub.ts';
import { assessFreshness, stalenessRule } from './staleness.ts';

export interface ApiCheckResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ResourceHealth {
  readonly last_success_at: string | null;
  readonly stale: boolean;
  readonly consecutive_failures: number;
  readonly last_error: string | null;
}

export interface HealthBody {
  readonly status: 'healthy' | 'unhealthy';
  readonly database: { readonly ok: boolean; readonly detail: string };
  readonly api: ApiCheckResult & { readonly checked_at: string; readonly cached: boolean };
  readonly last_sync: Readonly<Record<string, ResourceHealth>>;
  readonly timestamp: string;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly body: HealthBody;
}

export interface HealthCheckOptions {
  readonly db: Queryable;
  /** One cheap authenticated CVDW request. */
  readonly checkApi: () => Promise<ApiCheckResult>;
  readonly config: Pick<Config, 'schedule' | 'cvcrm'>;
  readonly now?: () => Date;
  /** At most one CVDW request per this many milliseconds. */
  readonly apiCacheMs?: number;
  readonly dbTimeoutMs?: number;
  readonly apiTimeoutMs?: number;
}

export function createHealthCheck(options: HealthCheckOptions): () => Promise<HealthReport> {
  const now = options.now ?? (() => new Date());
  const apiCacheMs = options.apiCacheMs ?? 60_000;
  const dbTimeoutMs = options.dbTimeoutMs ?? 3_000;
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;

  let cached: { result: ApiCheckResult; at: Date } | undefined;
  let inFlight: Promise<{ result: ApiCheckResult; at: Date }> | undefined;

  const checkApi = async (): Promise<{ result: ApiCheckResult; at: Date; cached: boolean }> => {
    if (cached !== undefined && now().getTime() - cached.at.getTime() < apiCacheMs) return { ...cached, cached: true };
    if (inFlight !== undefined) return { ...(await inFlight), cached: true };
    inFlight = (async () => {
      const result = await bounded(Promise.resolve().then(options.checkApi), apiTimeoutMs, `CVDW did not answer within ${apiTimeoutMs / 1000} s`)
        .then((r) => ({ ok: r.ok, detail: scrubSentence(r.detail) }))
        .catch((error: unknown) => ({ ok: false, detail: scrubSentence(error) }));
      // A failure is cached too: a down API must not be asked again on every probe.
      cached = { result, at: now() };
      return cached;
    })().finally(() => {
      inFlight = undefined;
    });
    return { ...(await inFlight), cached: false };
  };

  const checkDatabase = async (): Promise<{ ok: boolean; detail: string }> => {
    try {
      await bounded(options.db.query('select 1'), dbTimeoutMs, `no answer within ${dbTimeoutMs / 1000} s`);
      return { ok: true, detail: 'reachable' };
    } catch (error) {
      return { ok: false, detail: scrubSentence(error) };
    }
  };

  const readFreshness = async (databaseOk: boolean) => {
    if (!databaseOk) return { lastSync: {}, anyStale: false };
    const at = now();
    const rows = await bounded(readResourceHealth(options.db), dbTimeoutMs, 'resource state not read in time');
    const freshness = assessFreshness(rows, stalenessRule(options.config, at), at);
    const lastSync: Record<string, ResourceHealth> = {};
    for (const f of freshness) {
      lastSync[f.resource] = {
        last_success_at: f.lastSuccessAt?.toISOString() ?? null,
        stale: f.stale,
        consecutive_failures: f.consecutiveFailures,
        last_error: f.lastError === null ? null : scrubSentence(f.lastError),
      };
    }
    return { lastSync, anyStale: freshness.some((f) => f.stale) };
  };

  return async () => {
    const [database, api] = await Promise.all([checkDatabase(), checkApi()]);
    let freshness: { lastSync: Record<string, ResourceHealth>; anyStale: boolean };
    let databaseResult = database;
    try {
      freshness = await readFreshness(database.ok);
    } catch (error) {
      databaseResult = { ok: false, detail: scrubSentence(error) };
      freshness = { lastSync: {}, anyStale: false };
    }
    const healthy = databaseResult.ok && api.result.ok && !freshness.anyStale;
    return {
      healthy,
      body: {
        status: healthy ? 'healthy' : 'unhealthy',
        database: databaseResult,
        api: { ...api.result, checked_at: api.at.toISOString(), cached: api.cached },
        last_sync: freshness.lastSync,
        timestamp: now().toISOString(),
      },
    };
  };
}

/** Rejects with `message` when `work` takes longer than `ms` (the work itself runs on). */
function bounded<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
