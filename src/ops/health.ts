// The /health answer: the database answers, CVDW answers for every account, and every synced
// resource of every account is fresh. Each account is judged on its own credential's exchanges,
// and an unhealthy answer names the accounts at fault.
//
// The CVDW part comes first from the exchanges every process records in the database: a sync that
// is getting answers proves the API answers, and a probe of our own would only wait behind it for
// the request budget. Only when nothing talked to CVDW within the window does this process ask
// once itself, and never waiting for the budget: with no slot free right now it reports the last
// known exchange instead. Concurrent health calls share one probe in flight.
import { PRINCIPAL_ACCOUNT } from '../config-accounts.ts';
import type { Config } from '../config.ts';
import type { ProbeResult } from '../cvdw/probe.ts';
import type { Queryable } from '../db/database.ts';
import { readLatestExchanges } from '../db/queries/api-exchanges.ts';
import { judgeContact, type ContactJudgement } from './api-contact.ts';
import { readResourceHealth } from './queries/resource-health.ts';
import { scrubSentence } from '../util/scrub.ts';
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

export interface AccountHealth {
  readonly status: 'healthy' | 'unhealthy';
  readonly api: ApiPart;
  readonly last_sync: Readonly<Record<string, ResourceHealth>>;
}

export interface HealthBody {
  readonly status: 'healthy' | 'unhealthy';
  readonly database: { readonly ok: boolean; readonly detail: string };
  /**
   * Every account together (one account: its own answer). `cached`: judged from recorded
   * exchanges (or an earlier probe), not from a request made now.
   */
  readonly api: ApiPart;
  /** One account: keyed by resource; several: by `conta/resource`. */
  readonly last_sync: Readonly<Record<string, ResourceHealth>>;
  /** Each configured account's own verdict. */
  readonly contas: Readonly<Record<string, AccountHealth>>;
  /** The accounts whose API or data is at fault (empty when healthy or only the database failed). */
  readonly failing_accounts: readonly string[];
  readonly timestamp: string;
}

/** How one account's API is judged: its credential's exchanges, and optionally a probe of its own. */
export interface AccountApiCheck {
  readonly conta: string;
  /** credentialId(email, baseUrl); absent: any credential's exchanges. */
  readonly credential?: string;
  readonly probe?: () => Promise<ProbeResult>;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly body: HealthBody;
}

export interface HealthCheckOptions {
  readonly db: Queryable;
  readonly config: Pick<Config, 'schedule' | 'accounts'>;
  /** One entry per account. Absent: the principal account, with `credential` and `probe` below. */
  readonly accounts?: readonly AccountApiCheck[];
  /** The credential's id (credentialId) whose exchanges count; absent: any credential's. */
  readonly credential?: string;
  /**
   * One cheap CVDW request that never waits for the request budget (ProbeResult.busy when no slot
   * was free). Absent: this process never asks CVDW and reports only recorded exchanges.
   */
  readonly probe?: () => Promise<ProbeResult>;
  readonly now?: () => Date;
  /** Exchanges younger than this speak for the API; default 5 min. */
  readonly contactWindowMs?: number;
  /** A probe's result is reused for this long by this process; default 1 min. */
  readonly apiCacheMs?: number;
  readonly dbTimeoutMs?: number;
  readonly apiTimeoutMs?: number;
}

type ApiPart = ApiCheckResult & { readonly checked_at: string; readonly cached: boolean };

export function createHealthCheck(options: HealthCheckOptions): () => Promise<HealthReport> {
  const now = options.now ?? (() => new Date());
  const windowMs = options.contactWindowMs ?? 5 * 60_000;
  const apiCacheMs = options.apiCacheMs ?? 60_000;
  const dbTimeoutMs = options.dbTimeoutMs ?? 3_000;
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
  const windowText = `${Math.round(windowMs / 60_000)} min`;

  const fromJudgement = (j: ContactJudgement): ApiPart => ({ ok: j.ok, detail: scrubSentence(j.detail), checked_at: j.at.toISOString(), cached: true });

  // Each account keeps its own probe cache: one account's failing API must not hide another's.
  const apiChecker = (account: AccountApiCheck): (() => Promise<ApiPart>) => {
    let probed: { result: ProbeResult; at: Date } | undefined;
    let inFlight: Promise<{ result: ProbeResult; at: Date }> | undefined;

    const probeOnce = async (probe: () => Promise<ProbeResult>): Promise<{ result: ProbeResult; at: Date; cached: boolean }> => {
      if (probed !== undefined && now().getTime() - probed.at.getTime() < apiCacheMs) return { ...probed, cached: true };
      if (inFlight !== undefined) return { ...(await inFlight), cached: true };
      inFlight = (async () => {
        const result: ProbeResult = await bounded(Promise.resolve().then(probe), apiTimeoutMs, `CVDW não respondeu em ${apiTimeoutMs / 1000} s`)
          .catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }));
        const at = now();
        // A failure is kept too (a down API is not asked again at every poll); a skipped probe is not.
        if (result.busy !== true) probed = { result, at };
        return { result, at };
      })().finally(() => {
        inFlight = undefined;
      });
      return { ...(await inFlight), cached: false };
    };

    const checkApi = async (): Promise<ApiPart> => {
      let verdict;
      try {
        const rows = await bounded(readLatestExchanges(options.db, account.credential), dbTimeoutMs, 'trocas com o CVDW não lidas a tempo');
        verdict = judgeContact(rows, now(), windowMs);
      } catch (error) {
        return { ok: false, detail: scrubSentence(`trocas com o CVDW não lidas do banco: ${error instanceof Error ? error.message : String(error)}`), checked_at: now().toISOString(), cached: false };
      }
      if (verdict.recent) return fromJudgement(verdict.judgement);
      const quiet = `nenhuma troca com o CVDW nos últimos ${windowText}`;
      if (account.probe === undefined) {
        // Nothing recent and no way to ask: say what was last seen, and do not fail for lack of news.
        if (verdict.last !== undefined) return { ...fromJudgement(verdict.last), detail: scrubSentence(`${quiet}; ${verdict.last.detail}`) };
        return { ok: true, detail: `${quiet}; CVDW não verificado por este processo`, checked_at: now().toISOString(), cached: false };
      }
      const { result, at, cached } = await probeOnce(account.probe);
      if (result.busy === true) {
        // Someone else holds the budget: never a 503 for that alone.
        const last = verdict.last;
        if (last !== undefined) return { ok: last.ok, detail: scrubSentence(`${result.detail}; ${last.detail}`), checked_at: last.at.toISOString(), cached: true };
        return { ok: true, detail: scrubSentence(result.detail), checked_at: at.toISOString(), cached: true };
      }
      return { ok: result.ok, detail: scrubSentence(result.detail), checked_at: at.toISOString(), cached };
    };
    return checkApi;
  };

  const accounts = options.accounts ?? [{
    conta: PRINCIPAL_ACCOUNT,
    ...(options.credential !== undefined ? { credential: options.credential } : {}),
    ...(options.probe !== undefined ? { probe: options.probe } : {}),
  }];
  const apiChecks = accounts.map((a) => ({ conta: a.conta, check: apiChecker(a) }));

  const checkDatabase = async (): Promise<{ ok: boolean; detail: string }> => {
    try {
      await bounded(options.db.query('select 1'), dbTimeoutMs, `sem resposta em ${dbTimeoutMs / 1000} s`);
      return { ok: true, detail: 'acessível' };
    } catch (error) {
      return { ok: false, detail: scrubSentence(error) };
    }
  };

  const readFreshness = async (databaseOk: boolean) => {
    const perAccount = new Map<string, Record<string, ResourceHealth>>();
    const staleAccounts = new Set<string>();
    if (!databaseOk) return { perAccount, staleAccounts };
    const at = now();
    const rows = await bounded(readResourceHealth(options.db), dbTimeoutMs, 'estado dos recursos não lido a tempo');
    for (const f of assessFreshness(rows, stalenessRule(options.config, at), at)) {
      const lastSync = perAccount.get(f.conta) ?? {};
      perAccount.set(f.conta, lastSync);
      lastSync[f.resource] = {
        last_success_at: f.lastSuccessAt?.toISOString() ?? null,
        stale: f.stale,
        consecutive_failures: f.consecutiveFailures,
        last_error: f.lastError === null ? null : scrubSentence(f.lastError),
      };
      if (f.stale) staleAccounts.add(f.conta);
    }
    return { perAccount, staleAccounts };
  };

  return async () => {
    const [database, apis] = await Promise.all([
      checkDatabase(),
      Promise.all(apiChecks.map(async (a) => ({ conta: a.conta, api: await a.check() }))),
    ]);
    let freshness: Awaited<ReturnType<typeof readFreshness>>;
    let databaseResult = database;
    try {
      freshness = await readFreshness(database.ok);
    } catch (error) {
      databaseResult = { ok: false, detail: scrubSentence(error) };
      freshness = { perAccount: new Map(), staleAccounts: new Set() };
    }
    const contas: Record<string, AccountHealth> = {};
    const failing: string[] = [];
    for (const { conta, api } of apis) {
      const ok = api.ok && !freshness.staleAccounts.has(conta);
      if (!ok) failing.push(conta);
      contas[conta] = { status: ok ? 'healthy' : 'unhealthy', api, last_sync: freshness.perAccount.get(conta) ?? {} };
    }
    const healthy = databaseResult.ok && failing.length === 0;
    return {
      healthy,
      body: {
        status: healthy ? 'healthy' : 'unhealthy',
        database: databaseResult,
        api: combineApi(apis),
        last_sync: flatLastSync(apis.map((a) => a.conta), freshness.perAccount),
        contas,
        failing_accounts: failing,
        timestamp: now().toISOString(),
      },
    };
  };
}

/**
 * The report as a reader limited to `allowed` accounts may see it: other accounts' verdicts,
 * names, resources and API sentences are left out, and the status is judged on the allowed
 * accounts (and the database) only.
 */
export function healthForAccounts(body: HealthBody, allowed: readonly string[]): HealthReport {
  const visible = Object.entries(body.contas).filter(([conta]) => allowed.includes(conta));
  const failing = body.failing_accounts.filter((conta) => allowed.includes(conta));
  const healthy = body.database.ok && failing.length === 0;
  const apis = visible.map(([conta, a]) => ({ conta, api: a.api }));
  const perAccount = new Map(visible.map(([conta, a]) => [conta, { ...a.last_sync }]));
  return {
    healthy,
    body: {
      ...body,
      status: healthy ? 'healthy' : 'unhealthy',
      api: apis.length > 0 ? combineApi(apis) : { ok: true, detail: 'nenhuma conta visível para este acesso', checked_at: body.timestamp, cached: true },
      last_sync: flatLastSync(visible.map(([conta]) => conta), perAccount),
      contas: Object.fromEntries(visible),
      failing_accounts: failing,
    },
  };
}

/** One account's answer as is; several: ok only if all are, each detail prefixed by its account. */
function combineApi(apis: readonly { readonly conta: string; readonly api: ApiPart }[]): ApiPart {
  const only = apis[0];
  if (apis.length === 1 && only !== undefined) return only.api;
  const failing = apis.filter((a) => !a.api.ok);
  const shown = failing.length > 0 ? failing : apis;
  return {
    ok: failing.length === 0,
    detail: shown.map((a) => `conta ${a.conta}: ${a.api.detail}`).join('; '),
    checked_at: shown.map((a) => a.api.checked_at).sort().at(-1) ?? new Date().toISOString(),
    cached: apis.every((a) => a.api.cached),
  };
}

function flatLastSync(contas: readonly string[], perAccount: ReadonlyMap<string, Record<string, ResourceHealth>>): Record<string, ResourceHealth> {
  if (contas.length === 1) return perAccount.get(contas[0] ?? '') ?? {};
  const flat: Record<string, ResourceHealth> = {};
  for (const conta of contas) {
    for (const [resource, health] of Object.entries(perAccount.get(conta) ?? {})) flat[`${conta}/${resource}`] = health;
  }
  return flat;
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
