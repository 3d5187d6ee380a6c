// Starts sim-child.ts and sends it commands.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { SimulatorOptions } from '../../src/simulator/index.ts';
import type { SimCommand } from './sim-child.ts';

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface SimProcess {
  readonly url: string;
  count(resource: string): Promise<number>;
  advance(ms: number): Promise<string>;
  /** Changes `count` distinct records, advancing the clock `spreadMs` before each change. */
  updateRandom(resource: string, count: number, seed: number, spreadMs?: number): Promise<number>;
  /** [at (ms epoch), path, status, fault] per request. */
  log(): Promise<[number, string, number, string][]>;
  resetLog(): Promise<void>;
  /** Requests answered since the last reset, and how many of them were 429 (counters, not capped like the log). */
  stats(): Promise<{ requests: number; status429: number }>;
  /** Forgets the requests counted against the limit and any lockout. */
  resetRateLimit(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimProcess(options: SimulatorOptions): Promise<SimProcess> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'sim-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.ready) return resolve();
      const pending = waiting.get(message.id!);
      if (!pending) return;
      waiting.delete(message.id!);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
  });
  await ready;
  const send = <T>(command: Without<SimCommand, 'id'>): Promise<T> => new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    child.send({ ...command, id });
  });
  const { url } = await send<{ url: string }>({ op: 'start', options });
  return {
    url,
    count: (resource) => send({ op: 'count', resource }),
    advance: (ms) => send({ op: 'advance', ms }),
    updateRandom: (resource, count, seed, spreadMs = 1000) => send({ op: 'updateRandom', resource, count, seed, spreadMs }),
    log: () => send({ op: 'log' }),
    resetLog: () => send({ op: 'resetLog' }),
    stats: () => send({ op: 'stats' }),
    resetRateLimit: () => send({ op: 'resetRateLimit' }),
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await send({ op: 'stop' }).catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
