// The failure sentences the sync stores, read back into what happened and what to do. The
// sentences come from the real error classes (as errorSentence stores them), so a change in their
// wording that the dashboard would no longer understand fails here.
import { describe, expect, it } from 'vitest';
import {
  CvdwAuthError, CvdwHttpError, CvdwInvalidResponseError, CvdwNetworkError, CvdwRateLimitError, CvdwRetriesExhaustedError,
  CvdwTimeoutError, type CvdwError,
} from '../../src/cvdw/errors.ts';
import { errorSentence } from '../../src/sync/run-sync.ts';
import { classifyFailure, explainFailure } from '../../src/figures/sync-failure.ts';
import { lastFailure, overallSyncState } from '../../src/figures/sync-state.ts';
import type { SyncStatusRow } from '../../src/figures/queries/sync-status.ts';

const context = { resource: 'reservas', target: '/api/v1/cvdw/reservas?pagina=1&registros_por_pagina=500&a_partir_data_referencia=2025-03-15+10%3A00%3A00' };
const exhausted = (cause: CvdwError) => errorSentence(new CvdwRetriesExhaustedError(6, context, { cause }));
const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:443'), { code: 'ECONNREFUSED' });

describe('classifying the stored failure sentence', () => {
  it.each([
    ['401', errorSentence(new CvdwAuthError('{"Response":"Unauthorized"}', context)), 'credenciais_recusadas'],
    ['403', errorSentence(new CvdwHttpError(403, 'Forbidden', context)), 'credenciais_recusadas'],
    ['429 after every retry', exhausted(new CvdwRateLimitError('{"Response": "Too many requests"}', context, undefined)), 'limite_de_requisicoes'],
    ['503 after every retry', exhausted(new CvdwHttpError(503, 'Service Unavailable', context)), 'api_inacessivel'],
    ['503 in a shorter sentence', 'CVDW answered 503 three times.', 'api_inacessivel'],
    ['timeout', exhausted(new CvdwTimeoutError(30_000, context)), 'api_inacessivel'],
    ['connection refused', exhausted(new CvdwNetworkError(context, { cause: refused })), 'api_inacessivel'],
    ['invalid body', exhausted(new CvdwInvalidResponseError('body is not valid JSON', context)), 'api_inacessivel'],
    ['database down', errorSentence(new Error('connect ECONNREFUSED 127.0.0.1:5432')), 'banco_de_dados'],
    ['connection lost', errorSentence(new Error('Connection terminated unexpectedly')), 'banco_de_dados'],
    ['disk full', 'could not extend file "base/16384/16500": No space left on device', 'banco_de_dados'],
    ['constraint', 'duplicate key value violates unique constraint "reservas_pkey"', 'banco_de_dados'],
    ['anything else', 'Cannot read properties of undefined (reading \'map\')', 'outro'],
  ])('%s', (_name, sentence, kind) => {
    expect(classifyFailure(sentence)).toBe(kind);
  });

  it('says what happened and what to do, in Portuguese', () => {
    const auth = explainFailure(errorSentence(new CvdwAuthError('', context)));
    expect(`${auth.mensagem} ${auth.o_que_fazer}`).toBe(
      'O CV CRM recusou as credenciais (401). Confira CVCRM_API_EMAIL e CVCRM_API_TOKEN e rode `cvcrm-etl check`.',
    );
    expect(explainFailure(errorSentence(new CvdwHttpError(403, '', context))).mensagem).toContain('(403)');
    expect(explainFailure(exhausted(new CvdwHttpError(502, '', context))).mensagem).toBe('A API do CV CRM respondeu com erro (502) em todas as tentativas.');
    expect(explainFailure(exhausted(new CvdwRateLimitError('', context, undefined))).o_que_fazer).toContain('CVCRM_REQUESTS_PER_MINUTE');
    expect(explainFailure('no space left on device').o_que_fazer).toContain('DATABASE_URL');
    expect(explainFailure('???')).toMatchObject({ tipo: 'outro', mensagem: 'A última sincronização falhou.' });
  });
});

const row = (over: Partial<SyncStatusRow>): SyncStatusRow => ({
  conta: 'principal', resource: 'reservas', last_success_at: null, last_full_at: null, last_error: null, consecutive_failures: 0, running: false,
  run_status: null, run_mode: null, run_started_at: null, run_finished_at: null, run_records: null, run_upserted: null, run_rejected: null,
  run_error: null, ...over,
});

describe('the overall state and the last failure', () => {
  const authText = errorSentence(new CvdwAuthError('', context));
  const failed = row({ resource: 'reservas', run_status: 'failed', run_error: authText, last_error: authText, consecutive_failures: 1, run_finished_at: new Date('2025-03-15T12:00:00Z') });
  const older = row({ resource: 'vendas', run_status: 'failed', run_error: 'CVDW did not answer /x within 100 ms', consecutive_failures: 2, run_finished_at: new Date('2025-03-14T12:00:00Z') });
  const ok = row({ resource: 'unidades', run_status: 'succeeded', last_success_at: new Date('2025-03-15T11:00:00Z') });

  it('a failed run is a failure, not a run in progress', () => {
    expect(overallSyncState([failed, ok])).toBe('falha');
    expect(overallSyncState([failed, ok, row({ resource: 'x', running: true, run_status: 'running' })])).toBe('em_execucao');
    expect(overallSyncState([ok])).toBe('ok');
  });

  it('picks the most recent failure and explains it', () => {
    expect(lastFailure([older, failed, ok])).toMatchObject({ recurso: 'reservas', tipo: 'credenciais_recusadas', quando: failed.run_finished_at, detalhe: authText });
    expect(lastFailure([ok])).toBeNull();
    // A resource running again is not reported as failed meanwhile.
    expect(lastFailure([{ ...failed, running: true, run_status: 'running' }, ok])).toBeNull();
    // Failures counted on the state row with no failed run to show still explain themselves.
    expect(lastFailure([row({ resource: 'vendas', consecutive_failures: 1, last_error: 'deadlock detected', run_status: 'interrupted' })]))
      .toMatchObject({ recurso: 'vendas', tipo: 'banco_de_dados', quando: null });
  });
});
