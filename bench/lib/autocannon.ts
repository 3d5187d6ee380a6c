// autocannon (the load generator) in a process of its own against one URL; its JSON summary.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function autocannon(url: string, seconds: number, connections: number): Promise<CannonResult> {
  const bin = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'autocannon');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--json', '-c', String(connections), '-d', String(seconds), url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err.slice(0, 500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as CannonResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}
