// A real `cvcrm-etl worker` process (the CLI as users run it), its peak memory and a clean stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkerProcess {
  readonly pid: number;
  /** Peak resident set size so far (VmHWM), in bytes; 0 where /proc is missing. */
  peakRss(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cvcrm-etl.js');

export function startWorker(env: Readonly<Record<string, string>>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'worker'], {
    // Only this environment: the bench must not pick up the developer's CVCRM_* or DATABASE_URL.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Kept for the report when a worker dies: the last lines only (no records are logged).
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let peak = 0;
  const peakRss = () => {
    try {
      const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
      if (line) peak = Math.max(peak, Number(line.replace(/\D+/g, '')) * 1024);
    } catch {
      // the process is gone or there is no /proc: keep the last reading
    }
    return peak;
  };
  void exited.then((code) => {
    if (code !== 0 && code !== null) console.error(`worker ${child.pid} exited ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`);
  });
  return {
    pid: child.pid!,
    peakRss,
    async stop(graceMs = 30_000) {
      peakRss();
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
