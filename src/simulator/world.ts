// The shape of one generated company: how many reservations, units, projects, brokers,
// agencies and teams; the two-year window the data covers; the reservation timeline and the
// situation plan. Everything else is derived from these numbers and the seed.
import { DAY, parseNaive } from './naive-time.ts';
import { hashString, TAG } from './rng.ts';
import { StatusPlan } from './reservation-status.ts';
import { lowerBound, Timeline } from './timeline.ts';

export interface WorldOptions {
  readonly seed: number;
  /** Number of reservations. */
  readonly scale: number;
  /** `YYYY-MM-DD`: generated data runs up to the start of this day. */
  readonly today: string;
}

/** How far back generated sales go. */
export const WINDOW_DAYS = 730;
/** Reservations newer than this may still be in progress. */
const RECENT_DAYS = 60;

export const ID_BASE = {
  reserva: 10_001,
  client: 40_001,
  unit: 30_001,
  project: 101,
  broker: 501,
  agency: 201,
  team: 11,
  condicao: 500_001,
  comissao: 1,
  historico: 200_001,
  lead: 100_001,
  precadastro: 70_001,
  visita: 2_000_001,
  leadHistorico: 20_000_001,
  /** Losses and win-backs share CV CRM's reactivation ids: 6 per funnel group. */
  reativacao: 50_000_001,
  /** Ids listed in reservas.idlead with no lead behind them. */
  phantomLead: 900_000_000,
} as const;

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function modInverse(a: number, m: number): number {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

export class World {
  readonly seed: number;
  readonly reservations: number;
  readonly units: number;
  readonly projects: number;
  readonly brokers: number;
  readonly agencies: number;
  readonly teams: number;
  /** Dated base records fall in [start, end): the two years before today 00:00. */
  readonly start: number;
  readonly end: number;
  readonly timeline: Timeline;
  readonly status: StatusPlan;
  private readonly permA: number;
  private readonly permC: number;
  private readonly permInverse: number;

  constructor(options: WorldOptions) {
    const today = parseNaive(options.today);
    if (today === undefined || today.hasTime) throw new Error(`today must be YYYY-MM-DD, got ${options.today}`);
    if (!Number.isInteger(options.scale) || options.scale < 1) throw new Error('scale must be a whole number >= 1');
    if (!Number.isSafeInteger(options.seed)) throw new Error('seed must be a whole number');
    this.seed = options.seed;
    const n = options.scale;
    this.reservations = n;
    // Four reserved units out of five: the fifth of each group was never reserved.
    this.units = 5 * Math.ceil(n / 4);
    this.projects = clamp(Math.ceil(this.units / 100), Math.min(8, this.units), 1500);
    this.brokers = clamp(Math.ceil(n / 24), 5, 5000);
    this.agencies = clamp(Math.ceil(this.brokers / 5), 2, 400);
    this.teams = clamp(Math.ceil(this.brokers / 6), 2, 300);
    this.end = today.seconds;
    this.start = this.end - WINDOW_DAYS * DAY;
    const small = n < 10;
    this.timeline = new Timeline({
      seed: options.seed,
      tag: TAG.reserva,
      count: n,
      nullCount: small ? 0 : Math.max(1, Math.round(n * 0.003)),
      zeroCount: small ? 0 : Math.max(2, Math.round(n * 0.007)),
      start: this.start,
      end: this.end,
    });
    const firstRecent = lowerBound(n, (i) => this.timeline.nominal(i), this.end - RECENT_DAYS * DAY);
    this.status = new StatusPlan(options.seed, n, firstRecent);
    // An affine permutation spreads consecutive reservations over all projects and blocks.
    let a = Math.max(1, Math.floor(this.units * 0.6180339887) + (hashString(String(options.seed)) % 7));
    while (gcd(a, this.units) !== 1) a += 1;
    this.permA = a % this.units === 0 ? 1 : a % this.units;
    this.permC = ((options.seed % this.units) + this.units) % this.units;
    this.permInverse = modInverse(this.permA, this.units);
  }

  /** The unit (index in the units sequence) of reservation i; created reservations take a never-reserved unit. */
  unitIndexOfReservation(index: number): number {
    if (index < this.reservations) return 5 * Math.floor(index / 4) + (index % 4);
    return 5 * ((index - this.reservations) % Math.ceil(this.reservations / 4)) + 4;
  }

  /** The reservation that holds unit u, if any. */
  reservationOfUnit(unitIndex: number): number | undefined {
    const position = unitIndex % 5;
    const reservation = 4 * Math.floor(unitIndex / 5) + position;
    return position < 4 && reservation < this.reservations ? reservation : undefined;
  }

  /** Physical position (grouped by project, block, floor) of the unit with this sequence index. */
  physicalOfUnit(unitIndex: number): number {
    return (this.permA * (unitIndex % this.units) + this.permC) % this.units;
  }

  unitOfPhysical(physical: number): number {
    return (((physical - this.permC) % this.units + this.units) % this.units * this.permInverse) % this.units;
  }

  /** The project of a physical position, and the position inside it. */
  projectOfPhysical(physical: number): { project: number; offset: number; size: number } {
    const project = Math.floor((physical * this.projects) / this.units);
    const first = Math.ceil((project * this.units) / this.projects);
    const next = Math.ceil(((project + 1) * this.units) / this.projects);
    return { project, offset: physical - first, size: next - first };
  }
}
