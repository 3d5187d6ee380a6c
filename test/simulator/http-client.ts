// Shared by the simulator tests: a running simulator on a loopback port, and plain fetch calls
// with the CVDW headers.
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.ts';

export const TODAY = '2025-06-15';
export const AUTH = { email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token, accept: 'application/json' };

export type Row = Record<string, unknown>;

export interface Envelope {
  pagina: number;
  registros: number;
  total_de_registros: number;
  total_de_paginas: number;
  dados: Row[];
}

export function start(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ today: TODAY, rateLimit: false, ...options });
}

export function cvdwUrl(sim: RunningSimulator, resource: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const search = params.toString();
  return `${sim.url}/api/v1/cvdw/${resource}${search === '' ? '' : `?${search}`}`;
}

export function get(sim: RunningSimulator, resource: string, query: Record<string, string | number> = {}, headers: Record<string, string> = AUTH): Promise<Response> {
  return fetch(cvdwUrl(sim, resource, query), { headers });
}

export async function page(sim: RunningSimulator, resource: string, query: Record<string, string | number> = {}): Promise<Envelope> {
  const response = await get(sim, resource, query);
  if (response.status !== 200) throw new Error(`${resource}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Envelope;
}

/** Every record of a resource over HTTP, 500 per page. */
export async function readAll(sim: RunningSimulator, resource: string, query: Record<string, string | number> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (let pagina = 1; ; pagina += 1) {
    const envelope = await page(sim, resource, { ...query, registros_por_pagina: 500, pagina });
    rows.push(...envelope.dados);
    if (pagina >= envelope.total_de_paginas) return rows;
  }
}

export function cents(value: unknown): number {
  return Math.round(Number(value) * 100);
}

/** Sort key of a referencia_data as the API orders it: null and the zero date first. */
export function orderKey(value: unknown): string {
  return value === null || value === '0000-00-00 00:00:00' ? '' : String(value);
}
