// The state of the sync as the dashboard and the API tell it: per resource, overall, and the
// most recent failure explained.
import type { Queryable } from '../db/database.ts';
import { selectSyncStatus, type SyncStatusRow } from './queries/sync-status.ts';
import type { FigureFilter } from './filter.ts';
import { explainFailure, type FailureExplanation, type FailureKind } from './sync-failure.ts';

export type SyncState = 'ok' | 'em_execucao' | 'falha' | 'nunca';

export function overallSyncState(rows: readonly SyncStatusRow[]): SyncState {
  if (rows.length === 0) return 'nunca';
  if (rows.some((r) => r.running)) return 'em_execucao';
  if (rows.some((r) => r.consecutive_failures > 0 || r.run_status === 'failed')) return 'falha';
  if (rows.every((r) => r.last_success_at === null)) return 'nunca';
  return 'ok';
}

/** Where a resource's failure is told: the failed latest run, else the state row's last error. */
function failureText(r: SyncStatusRow): string | null {
  if (r.running) return null;
  if (r.run_status === 'failed') return r.run_error ?? r.last_error ?? '';
  return r.consecutive_failures > 0 ? r.last_error ?? '' : null;
}

export interface LastFailure extends FailureExplanation {
  /** The account whose sync failed: named when several accounts are configured. */
  readonly conta?: string;
  readonly recurso: string;
  /** When the failed run ended (null when only the state row tells of the failure). */
  readonly quando: Date | null;
  /** The stored error sentence, shortened. */
  readonly detalhe: string;
}

/** The most recent failure among resources not running now, explained; null when none failed. */
export function lastFailure(rows: readonly SyncStatusRow[], nameAccount = false): LastFailure | null {
  let found: LastFailure | null = null;
  for (const r of rows) {
    const text = failureText(r);
    if (text === null) continue;
    const when = r.run_status === 'failed' ? r.run_finished_at : null;
    if (found !== null && (when === null || (found.quando !== null && found.quando >= when))) continue;
    found = { ...(nameAccount ? { conta: r.conta } : {}), recurso: r.resource, quando: when, detalhe: text.slice(0, 300), ...explainFailure(text) };
  }
  return found;
}

/** The last sync per account and resource, and overall, over the accounts of `scope`. */
export async function syncFigures(db: Queryable, scope: Pick<FigureFilter, 'contas' | 'accountInRows'>) {
  const rows = await selectSyncStatus(db, scope.contas);
  const last = rows.reduce<Date | null>(
    (acc, r) => (r.last_success_at !== null && (acc === null || r.last_success_at > acc) ? r.last_success_at : acc),
    null,
  );
  const recursos = rows.map((r) => ({
    ...(scope.accountInRows === true ? { conta: r.conta } : {}),
    recurso: r.resource,
    ultimo_sucesso: r.last_success_at,
    ultima_carga_completa: r.last_full_at,
    em_execucao: r.running,
    falhas_consecutivas: r.consecutive_failures,
    ultimo_erro: r.last_error === null ? null : r.last_error.slice(0, 300),
    tipo_falha: failureKind(r),
    ultima_execucao: r.run_status === null ? null : {
      status: r.run_status, modo: r.run_mode, inicio: r.run_started_at, fim: r.run_finished_at,
      registros: r.run_records, gravados: r.run_upserted, rejeitados: r.run_rejected,
    },
  }));
  return { ultima_sincronizacao: last, estado: overallSyncState(rows), ultima_falha: lastFailure(rows, scope.accountInRows === true), recursos };
}

function failureKind(r: SyncStatusRow): FailureKind | null {
  const text = failureText(r);
  return text === null ? null : explainFailure(text).tipo;
}
