// Sequential requests to one path of a running server: each request waits for the previous
// answer, so the figure is one request's own latency, not a queue's.
import { percentile } from './percentiles.ts';

export interface RouteLatency {
  readonly path: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly firstMs: number;
  readonly bytes: number;
  /** Answers the server said it served from its cache (should be none). */
  readonly cacheHits: number;
}

export async function measureRoute(baseUrl: string, path: string, runs: number): Promise<RouteLatency> {
  const times: number[] = [];
  let bytes = 0;
  let cacheHits = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`);
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}: ${new TextDecoder().decode(body).slice(0, 200)}`);
    if (response.headers.get('x-cache') === 'hit') cacheHits++;
    bytes = body.byteLength;
  }
  return { path, runs, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), firstMs: times[0]!, bytes, cacheHits };
}
