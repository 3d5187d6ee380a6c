// The product's command line in a process of its own, spawned as `node bin/cvcrm-etl.js …` (so the
// pid is that of the node process doing the work, not of an npm or npx wrapper), with its output
// read line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');

export interface CliProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the first line (stdout or stderr) matching, including lines already seen. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Called for every line from now on. */
  onLine(listener: (line: string) => void): void;
  /** The last lines written (for error messages). */
  tail(): string;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Only what the command needs: nothing is inherited from the benchmark's own environment. */
export function cleanEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, ...extra };
}

export function spawnCli(args: readonly string[], env: Readonly<Record<string, string>>): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  const seen: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const take = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        seen.push(line);
        if (seen.length > 200) seen.shift();
        for (const listener of listeners) listener(line);
      }
    });
  };
  take(child.stdout);
  take(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    pid: child.pid,
    child,
    onLine: (listener) => listeners.push(listener),
    tail: () => seen.slice(-20).join('\n'),
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        for (const line of seen) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        let done = false;
        const timer = setTimeout(() => {
          done = true;
          reject(new Error(`no line matching ${pattern} within ${timeoutMs / 1000} s; last output:\n${seen.slice(-20).join('\n')}`));
        }, timeoutMs);
        listeners.push((line) => {
          if (done) return;
          const match = pattern.exec(line);
          if (!match) return;
          done = true;
          clearTimeout(timer);
          resolve(match);
        });
        void exited.then((code) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          reject(new Error(`exited (${code}) before a line matching ${pattern}; last output:\n${seen.slice(-20).join('\n')}`));
        });
      });
    },
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
