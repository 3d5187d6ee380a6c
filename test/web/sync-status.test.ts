// /api/sync-status after real syncs against the simulator: a run in progress is "em_execucao"
// only while it runs; a run refused for its credentials, locked out by 429s or unable to reach the
// API is a failure, explained in words, even though it stays resumable.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { runReconcileSlice } from '../../src/sync/run-reconcile.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CORE, FAST_TUNING, configFor, sourceFor, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';
import { getJson, testApp } from './app-setup.ts';

interface Failure { tipo: string; mensagem: string; o_que_fazer: string; recurso: string; quando: string | null; detalhe: string }
interface Resource {
  recurso: string; em_execucao: boolean; falhas_consecutivas: number; tipo_falha: string | null;
  ultima_execucao: { status: string; modo: string; registros: number } | null;
}
interface Status { estado: string; ultima_falha: Failure | null; recursos: Resource[] }

const WRONG_TOKEN = 'ffffffffffffffffffffffffffffffffffffffff';

describeEachDatabase('web: the sync status tells running from failed', (get) => {
  let sim: RunningSimulator;
  let app: ReturnType<typeof testApp>;
  const status = async () => (await getJson<Status>(app, '/api/sync-status')).body;

  beforeAll(async () => {
    sim = await startSimulator({ scale: 40, seed: 7, today: '2025-03-15', rateLimit: false });
    app = testApp(get().db);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('is em_execucao while a run is live, and not once it has stopped', async () => {
    // The first page of reservas takes a while, so the run is caught in progress.
    sim.faults.next('slow', { path: 'reservas', delayMs: 2_500 });
    const stop = new AbortController();
    const running = syncOnce(get().db, sim, { signal: stop.signal, env: { CVCRM_TIMEOUT_MS: '10000' } });
    let seen: Status | undefined;
    for (let i = 0; i < 200 && seen === undefined; i++) {
      const s = await status();
      if (s.estado === 'em_execucao') seen = s;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stop.abort();
    await running;
    expect(seen?.recursos.find((r) => r.recurso === 'reservas')).toMatchObject({ em_execucao: true, ultima_execucao: { status: 'running' } });
    expect(seen?.ultima_falha).toBeNull();

    const after = await status();
    expect(after.estado).not.toBe('em_execucao');
    expect(after.recursos.every((r) => !r.em_execucao)).toBe(true);
    expect(after.ultima_falha).toBeNull();
  });

  it('a run refused with 401 is a failure of the credentials, not a run in progress, though it stays resumable', async () => {
    const summary = await runSync(
      { db: get().db, ...withPrincipal(configFor(sim)), source: { ...sourceFor(sim), token: WRONG_TOKEN }, tuning: FAST_TUNING },
      { resources: [...CORE] },
    );
    expect(summary.ok).toBe(false);

    const s = await status();
    expect(s.estado).toBe('falha');
    expect(s.recursos.some((r) => r.em_execucao)).toBe(false);
    expect(s.ultima_falha).toMatchObject({ tipo: 'credenciais_recusadas', recurso: 'reservas', quando: expect.any(String) });
    expect(`${s.ultima_falha?.mensagem} ${s.ultima_falha?.o_que_fazer}`).toBe(
      'O CV CRM recusou as credenciais (401). Confira CVCRM_API_EMAIL e CVCRM_API_TOKEN e rode `cvcrm-etl check`.',
    );
    expect(s.recursos.find((r) => r.recurso === 'reservas')).toMatchObject({ tipo_falha: 'credenciais_recusadas', ultima_execucao: { status: 'failed' } });
    expect(JSON.stringify(s)).not.toContain(WRONG_TOKEN);
    // The checkpoint that makes the run resumable is what used to read as "running".
    const { rows } = await get().db.query<{ run_id: number | null }>(`select run_id from etl.resource_state where resource = 'reservas'`);
    expect(rows[0]?.run_id).not.toBeNull();

    const csv = await (await app.request('/api/sync-status?format=csv')).text();
    expect(csv.split('\r\n')[0] ?? csv.split('\n')[0]).toContain('tipo_falha');
    expect(csv).toContain('credenciais_recusadas');
  });

  it('a run whose process died is neither running nor reported as a new failure', async () => {
    expect((await syncOnce(get().db, sim, { resources: ['vendas'] })).ok).toBe(true);
    // A killed process leaves its run 'running' and a lease that lapses.
    await get().db.query(`update etl.runs set status = 'running', finished_at = null where id = (select max(id) from etl.runs where resource = 'vendas')`);
    await get().db.query(`update etl.resource_state set locked_by = 'other-host:1:x', locked_until = now() - interval '1 minute' where resource = 'vendas'`);
    const s = await status();
    expect(s.recursos.find((r) => r.recurso === 'vendas')?.em_execucao).toBe(false);
    expect(s.estado).toBe('falha'); // reservas still failed

    // A lease still live is a run in progress.
    await get().db.query(`update etl.resource_state set locked_until = now() + interval '1 minute' where resource = 'vendas'`);
    expect((await status()).estado).toBe('em_execucao');
    await get().db.query(`update etl.resource_state set locked_by = null, locked_until = null where resource = 'vendas'`);
  });

  it('a 429 lockout that outlasts the retries, and an unreachable API, are told apart', async () => {
    sim.faults.lockout(60_000);
    await syncOnce(get().db, sim, { resources: ['reservas'], env: { CVCRM_MAX_RETRIES: '0' } });
    sim.faults.clear();
    sim.resetRateLimit();
    expect((await status()).ultima_falha).toMatchObject({ tipo: 'limite_de_requisicoes', recurso: 'reservas' });

    const closed = await startSimulator({ scale: 1, rateLimit: false });
    const url = closed.url;
    await closed.stop();
    await runSync(
      { db: get().db, ...withPrincipal(configFor(sim, { CVCRM_MAX_RETRIES: '0' })), source: { ...sourceFor(sim), baseUrl: url }, tuning: FAST_TUNING },
      { resources: ['unidades'] },
    );
    expect((await status()).ultima_falha).toMatchObject({ tipo: 'api_inacessivel', recurso: 'unidades', mensagem: 'Não foi possível conectar à API do CV CRM.' });
  });
});

describeEachDatabase('web: the nightly reconciliation does not decide the sync status', (get) => {
  it('a paused, then failed, reconciliation slice leaves the state and figures of the last sync', async () => {
    const sim = await startSimulator({ scale: 40, seed: 9, today: '2025-03-15', rateLimit: false });
    try {
      const app = testApp(get().db);
      const sync = await syncOnce(get().db, sim, { resources: ['reservas'] });
      const records = sync.resources.find((r) => r.resource === 'reservas')!.records;
      expect(records).toBeGreaterThan(5);

      const config = configFor(sim, { CVCRM_RESOURCES: 'reservas', CVCRM_PAGE_SIZE: '5', CVCRM_MAX_RETRIES: '0' });
      const night = new Date(Date.now() + 8 * 24 * 3600_000);
      const slice = () => runReconcileSlice({ db: get().db, ...withPrincipal(config), source: sourceFor(sim), now: () => night, tuning: FAST_TUNING },
        { allowance: 1, deadline: new Date(night.getTime() + 3600_000) });
      expect((await slice()).resources).toMatchObject([{ resource: 'reservas', result: 'paused', records: 5 }]);
      sim.faults.next('503', { path: 'reservas' });
      expect((await slice()).resources).toMatchObject([{ resource: 'reservas', result: 'failed' }]);

      const { body } = await getJson<Status>(app, '/api/sync-status');
      expect(body.estado).toBe('ok');
      expect(body.ultima_falha).toBeNull();
      const reservas = body.recursos.find((r) => r.recurso === 'reservas');
      expect(reservas).toMatchObject({ tipo_falha: null, ultima_execucao: { status: 'succeeded', registros: records } });
      expect(reservas?.ultima_execucao?.modo).not.toBe('reconcile');
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
