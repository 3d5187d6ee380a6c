// Shared by the funnel tests: a generated world read in full, straight from the dataset (no
// HTTP: these tests are about the data), indexed the ways the tests look things up.
import { SimulatorClock } from '../../src/simulator/clock.ts';
import { Dataset } from '../../src/simulator/dataset.ts';
import { parseNaive } from '../../src/simulator/naive-time.ts';

export type Row = Record<string, unknown>;

export const TODAY = '2025-06-15';
export const FUNNEL_RESOURCES = ['leads', 'leads/visitas', 'leads/perdas', 'leads/ganhos', 'leads/historico/situacoes', 'precadastros'] as const;

export interface FunnelWorld {
  readonly scale: number;
  readonly dataset: Dataset;
  readonly rows: Readonly<Record<string, Row[]>>;
  readonly leadsById: ReadonlyMap<number, Row>;
  readonly reservasById: ReadonlyMap<number, Row>;
}

const worlds = new Map<string, FunnelWorld>();

export function funnelWorld(scale: number, seed = 42): FunnelWorld {
  const key = `${scale}:${seed}`;
  const cached = worlds.get(key);
  if (cached !== undefined) return cached;
  const dataset = new Dataset({ seed, scale, today: TODAY, badRecordRate: 0 }, new SimulatorClock(Date.UTC(2025, 5, 15, 9), 0));
  const rows: Record<string, Row[]> = {};
  for (const resource of ['reservas', ...FUNNEL_RESOURCES]) rows[resource] = dataset.snapshot(resource);
  const world: FunnelWorld = {
    scale,
    dataset,
    rows,
    leadsById: new Map((rows.leads ?? []).map((r) => [Number(r.idlead), r])),
    reservasById: new Map((rows.reservas ?? []).map((r) => [Number(r.idreserva), r])),
  };
  worlds.set(key, world);
  return world;
}

/** Seconds of a served timestamp; undefined for null and the zero date. */
export function seconds(value: unknown): number | undefined {
  return typeof value === 'string' ? parseNaive(value)?.seconds : undefined;
}

/** The ids listed in reservas.idlead ("168523, 4322"). */
export function leadIdsOf(reserva: Row): number[] {
  return reserva.idlead === null ? [] : String(reserva.idlead).split(', ').map(Number);
}

/** referencia_data as a sortable key: null first, then the zero date, then real moments. */
export function sortKeyOf(value: unknown): string {
  if (value === null) return '0';
  if (value === '0000-00-00 00:00:00') return '1';
  return `2${String(value)}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] ?? 0 : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
