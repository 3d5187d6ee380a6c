// autocannon (the load generator) in a process of its own against one URL; its JSON summary.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
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

type Run = (options: Record<string, unknown>) => Promise<CannonResult>;

/**
 * autocannon in this process, each request from one of `clients` addresses (X-Forwarded-For,
 * for a server started with TRUST_PROXY=1): the product limits each address to 120 API requests
 * a minute, so load from a single address would mostly measure 429 answers.
 */
export function autocannonClients(url: string, seconds: number, connections: number, clients: number): Promise<CannonResult> {
  const run = createRequire(import.meta.url)('autocannon') as Run;
  let next = 0;
  return run({
    url,
    duration: seconds,
    connections,
    requests: [{
      setupRequest: (request: { headers?: Record<string, string> }) => {
        next = (next + 1) % clients;
        return { ...request, headers: { ...request.headers, 'x-forwarded-for': `10.77.${next >> 8}.${next & 255}` } };
      },
    }],
  });
}
