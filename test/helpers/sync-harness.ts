// Runs real syncs against an in-process simulator, and compares what landed in the database with
// what the simulator serves.
import { loadConfig, type Config } from '../../src/config.ts';
import { DEFAULT_RESOURCES, getResource } from '../../src/cvdw/catalog/index.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/db/ddl/mirror-ddl.ts';
import { DEMO_CREDENTIALS, type RunningSimulator } from '../../src/simulator/index.ts';
import type { SyncObserver, SyncSummary } from '../../src/sync/observer.ts';
import { runSync, type SyncOptions, type SyncTuning } from '../../src/sync/run-sync.ts';

export const CORE = ['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos', 'empreendimentos'] as const;

/** Waits and pauses short enough for tests; the rules are the same. */
export const FAST_TUNING: Partial<SyncTuning> = {
  rateLimitPauseMs: 300,
  backoff: { baseMs: 5, maxMs: 50 },
  leaseWaitMs: 60_000,
};

export function configFor(sim: RunningSimulator, env: Record<string, string> = {}): Config {
  return loadConfig({
    CVCRM_API_EMAIL: DEMO_CREDENTIALS.email,
    CVCRM_API_TOKEN: DEMO_CREDENTIALS.token,
    CVCRM_BASE_URL: sim.url,
    CVCRM_REQUESTS_PER_MINUTE: '6000',
    CVCRM_PAGE_SIZE: '100',
    CVCRM_TIMEOUT_MS: '2000',
    CVCRM_MAX_RETRIES: '8',
    ...env,
  });
}

/** A single-account configuration and its one account (principal), as SyncDeps takes them. */
export function withPrincipal(config: Config): { config: Config; account: Config['accounts'][number] } {
  return { config, account: config.accounts[0]! };
}

export function sourceFor(sim: RunningSimulator) {
  return { baseUrl: sim.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token };
}

export async function syncOnce(
  db: Database,
  sim: RunningSimulator,
  options: SyncOptions & { env?: Record<string, string>; observer?: SyncObserver; tuning?: Partial<SyncTuning> } = {},
): Promise<SyncSummary> {
  const { env, observer, tuning, ...syncOptions } = options;
  return runSync(
    { db, ...withPrincipal(configFor(sim, env)), source: sourceFor(sim), tuning: { ...FAST_TUNING, ...tuning }, ...(observer ? { observer } : {}) },
    { resources: [...CORE], ...syncOptions },
  );
}

/** The live mirror rows of a resource as {referencia → payload}: of one account, or of all. */
export async function mirrorPayloads(db: Queryable, resource: string, conta?: string): Promise<Map<string, unknown>> {
  const spec = getResource(resource);
  const { rows } = await db.query<{ referencia: string; payload: unknown }>(
    `select referencia, payload from cvdw.${quoteIdent(spec.table)} where deleted_at is null and ($1::text is null or conta = $1::text)`,
    [conta ?? null],
  );
  return new Map(rows.map((r) => [r.referencia, r.payload]));
}

/** The simulator's current truth for a resource, keyed like the mirror. */
export function simulatorRecords(sim: RunningSimulator, resource: string): Map<string, unknown> {
  const key = getResource(resource).keyField;
  return new Map(sim.data.snapshot(resource).map((r) => [String(r[key]), r]));
}

/**
 * A fingerprint of everything a sync writes that must not depend on how the run went: the mirror
 * (without load timestamps), the business tables (without their refresh time) and the rejects.
 */
export async function databaseFingerprint(db: Queryable): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const resource of DEFAULT_RESOURCES) {
    const table = `cvdw.${quoteIdent(getResource(resource).table)}`;
    const { rows } = await db.query<{ h: string | null; n: number }>(
      `select md5(string_agg(referencia || '|' || coalesce(referencia_data::text, '-') || '|' || payload::text || '|' || (deleted_at is null)::text, ',' order by referencia)) as h,
              count(*)::int as n
       from ${table}`,
    );
    result[resource] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  for (const [table, key] of [['vendas', 'cvcrm_id'], ['unidades', 'cvcrm_id'], ['empreendimentos', 'cvcrm_id']] as const) {
    const { rows } = await db.query<{ h: string | null; n: number }>(
      `select md5(string_agg((to_jsonb(t) - 'atualizado_em')::text, ',' order by ${key})) as h, count(*)::int as n from public.${table} t`,
    );
    result[`public.${table}`] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  // The star schema's facts, refreshed in the same page transactions.
  for (const [table, key] of [['fato_reservas', 'idreserva'], ['fato_comissoes', 'referencia'], ['ponte_lead_reserva', 'idlead, idreserva'], ['fato_leads', 'idlead'], ['fato_visitas', 'idtarefa']] as const) {
    const { rows } = await db.query<{ h: string | null; n: number }>(
      `select md5(string_agg((to_jsonb(t) - 'atualizado_em')::text, ',' order by ${key})) as h, count(*)::int as n from bi.${table} t`,
    );
    result[`bi.${table}`] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from etl.rejected_records');
  result.rejected = String(rows[0]?.n);
  return result;
}

export function totalRequests(summary: SyncSummary): number {
  return summary.resources.reduce((sum, r) => sum + r.requests, 0);
}

// Resources whose pages refresh no business table: the account suites are about extraction.
export const ACCOUNT_RESOURCES = ['reservas/condicoes', 'distratos', 'vendas'] as const;

export interface AccountSetup {
  readonly name: string;
  readonly sim: RunningSimulator;
  readonly requestsPerMinute: number;
  readonly token?: string;
}

/** CVCRM_ACCOUNTS and each account's variables, as an operator would set them. */
export function accountsEnv(accounts: readonly AccountSetup[], extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { CVCRM_ACCOUNTS: accounts.map((a) => a.name).join(','), CVCRM_PAGE_SIZE: '20', CVCRM_TIMEOUT_MS: '2000', CVCRM_MAX_RETRIES: '2', ...extra };
  for (const a of accounts) {
    const prefix = `CVCRM_${a.name.toUpperCase()}_`;
    env[`${prefix}BASE_URL`] = a.sim.url;
    env[`${prefix}API_EMAIL`] = DEMO_CREDENTIALS.email;
    env[`${prefix}API_TOKEN`] = a.token ?? DEMO_CREDENTIALS.token;
    env[`${prefix}REQUESTS_PER_MINUTE`] = String(a.requestsPerMinute);
    env[`${prefix}RESOURCES`] = ACCOUNT_RESOURCES.join(',');
  }
  return env;
}
