// A reconciliation slice killed with SIGKILL at several points of its pass, then run again: each
// run continues the same pass from its last committed page, and the pass ends with exactly the
// marks of the records deleted upstream.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { syncOnce } from '../helpers/sync-harness.ts';
import { cliEnv, expectMirrorEqualsSimulator } from './helpers.ts';

const CHILD = join(import.meta.dirname, '..', 'sync', 'fixtures', 'reconcile-child.ts');
const RESOURCES = ['reservas', 'unidades'];

function runChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  const promise = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal, output });
    });
  });
  return { promise, kill: () => child.kill('SIGKILL'), exited: () => exited };
}

describe('reconciliation killed with kill -9, resumed', () => {
  let sim: RunningSimulator;
  let target: TestDatabase;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 5, today: '2026-11-20', rateLimit: false });
    target = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await target.dispose();
    await sim.stop();
  });

  it('on PostgreSQL: three kills mid-pass, then a run to the end marks exactly the deleted records', async () => {
    const env = cliEnv(sim, { DATABASE_URL: target.url!, CVCRM_PAGE_SIZE: '10', CVCRM_RESOURCES: RESOURCES.join(','), RECONCILE_NOW_MS: String(Date.now() + 10 * 24 * 3600_000) });
    const first = await syncOnce(target.db, sim, { resources: RESOURCES, env: { CVCRM_PAGE_SIZE: '10' } });
    expect(first.ok).toBe(true);
    const reservas = sim.data.snapshot('reservas').map((r) => String(r.referencia));
    const unidades = sim.data.snapshot('unidades').map((r) => String(r.referencia));
    const gone = { reservas: [reservas[2]!, reservas[Math.floor(reservas.length / 2)]!, reservas[reservas.length - 3]!], unidades: [unidades[unidades.length - 2]!] };
    for (const [resource, keys] of Object.entries(gone)) for (const key of keys) sim.data.hardDelete(resource, key);

    const pass = async () => (await target.db.query<{ resource: string; started: Date | null; pages: number }>(
      `select resource, reconcile_started_at as started, reconcile_pages_done as pages from etl.resource_state
        where resource = any($1::text[]) order by resource`, [RESOURCES])).rows;
    let previous = await pass();
    let killedMidPass = 0;
    for (const pages of [3, 12, 25]) {
      const run = runChild(env);
      for (;;) {
        if (run.exited()) break;
        const { rows } = await target.db.query<{ pages: number }>(
          `select coalesce(sum(pages), 0)::int as pages from etl.runs where mode = 'reconcile'`);
        if (rows[0]!.pages >= pages) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      run.kill();
      const outcome = await run.promise;
      expect(outcome.signal === 'SIGKILL' || outcome.code === 0, outcome.output).toBe(true);
      const now = await pass();
      // A page and the pass's checkpoint commit together: the pages the pass counts equal the
      // pages its runs loaded.
      const { rows: agree } = await target.db.query<{ resource: string; pages_done: number; run_pages: number }>(
        `select s.resource, s.reconcile_pages_done as pages_done,
                (select coalesce(sum(r.pages), 0)::int from etl.runs r
                  where r.resource = s.resource and r.mode = 'reconcile' and r.started_at >= s.reconcile_started_at) as run_pages
           from etl.resource_state s where s.reconcile_started_at is not null`);
      for (const row of agree) expect(row.pages_done, row.resource).toBe(row.run_pages);
      // The same pass continues: its start never moves and its pages never go back.
      for (const row of now) {
        const before = previous.find((p) => p.resource === row.resource)!;
        if (before.started !== null && row.started !== null) {
          expect(row.started, row.resource).toEqual(before.started);
          expect(row.pages, row.resource).toBeGreaterThanOrEqual(before.pages);
        }
      }
      if (now.some((r) => r.started !== null && r.pages > 0)) killedMidPass++;
      previous = now;
    }
    expect(killedMidPass).toBeGreaterThanOrEqual(2);

    const last = await runChild(env).promise;
    expect(last.code, last.output).toBe(0);
    expect(last.output).toContain('completed');
    for (const [resource, keys] of Object.entries(gone)) {
      const { rows } = await target.db.query<{ referencia: string }>(
        `select referencia from cvdw.${resource} where deleted_at is not null order by referencia`);
      expect(rows.map((r) => r.referencia), resource).toEqual([...keys].sort());
    }
    await expectMirrorEqualsSimulator(target.db, sim, RESOURCES);
    const { rows: open } = await target.db.query<{ n: number }>(
      `select count(*)::int as n from etl.resource_state where reconcile_started_at is not null or locked_by is not null`);
    expect(open[0]!.n).toBe(0);
    const { rows: running } = await target.db.query<{ n: number }>(`select count(*)::int as n from etl.runs where status = 'running'`);
    expect(running[0]!.n).toBe(0);
  }, 120_000);
});
