// Shared by the reliability tests: a seeded random generator, the CLI as a child process, the
// sliding-window request count and the comparison of the mirror with the simulator.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Queryable } from '../../src/db/database.ts';
import { DEMO_CREDENTIALS, type RunningSimulator } from '../../src/simulator/index.ts';
import { CORE, mirrorPayloads, simulatorRecords } from '../helpers/sync-harness.ts';

export { peakInWindow, seededRandom } from '../../bench/lib/stats.ts';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');

export interface CliRun {
  readonly promise: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly pid: number | undefined;
  kill(): void;
  exited(): boolean;
}

/** `cvcrm-etl sync` in a child process, with only the given environment (plus PATH and HOME). */
export function runCli(env: Record<string, string>, args: readonly string[] = ['sync']): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let done = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const promise = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { promise, pid: child.pid, kill: () => child.kill('SIGKILL'), exited: () => done };
}

export function cliEnv(sim: RunningSimulator, extra: Record<string, string>): Record<string, string> {
  return {
    CVCRM_API_EMAIL: DEMO_CREDENTIALS.email,
    CVCRM_API_TOKEN: DEMO_CREDENTIALS.token,
    CVCRM_BASE_URL: sim.url,
    CVCRM_REQUESTS_PER_MINUTE: '6000',
    CVCRM_TIMEOUT_MS: '5000',
    // The sales core, which these tests compare with the simulator; the funnel has its own tests.
    CVCRM_RESOURCES: CORE.join(','),
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** Every live record of the simulator is in the mirror, as served, and nothing else is. */
export async function expectMirrorEqualsSimulator(db: Queryable, sim: RunningSimulator, resources: readonly string[] = CORE): Promise<void> {
  for (const resource of resources) {
    const expected = simulatorRecords(sim, resource);
    const actual = await mirrorPayloads(db, resource);
    expect(actual.size, `${resource}: rows in the mirror`).toBe(expected.size);
    for (const [key, record] of expected) expect(actual.get(key), `${resource} ${key}`).toEqual(record);
  }
}

/** No two runs of one resource were ever open at the same time. */
export async function overlappingRuns(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ overlaps: number }>(
    `select count(*)::int as overlaps from etl.runs x join etl.runs y
       on x.resource = y.resource and x.id < y.id
      and y.started_at < coalesce(x.finished_at, 'infinity') and x.started_at < coalesce(y.finished_at, 'infinity')`,
  );
  return rows[0]!.overlaps;
}

/** The full read of each resource happened once; the other runs only re-read the recent overlap. */
export async function expectOneFullReadEach(db: Queryable, sim: RunningSimulator, runsPerResource: number): Promise<void> {
  for (const resource of ['reservas', 'reservas/condicoes', 'comissoes', 'unidades']) {
    const { rows } = await db.query<{ records: number; status: string }>(
      `select records, status from etl.runs where resource = $1::text order by id`, [resource],
    );
    expect(rows.map((r) => r.status), resource).toEqual(Array.from({ length: runsPerResource }, () => 'succeeded'));
    const total = sim.data.count(resource);
    const full = rows.filter((r) => r.records >= total);
    expect(full, `${resource}: runs that read everything`).toHaveLength(1);
    for (const r of rows) if (r.records < total) expect(r.records, resource).toBeLessThan(total / 4);
  }
}
