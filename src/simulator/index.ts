// The CVDW simulator: a fake of CV CRM's data-warehouse API (same paths, headers, envelope,
// paging, ordering, incremental parameters, errors, rate limit and data quirks) serving
// deterministic pt-BR data generated on demand, with switches for faults and for changing the
// data over time. Used by tests, the demo and the benchmarks.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorClock } from './clock.ts';
import { createControlHandler } from './control-routes.ts';
import { Dataset, type SimulatorData } from './dataset.ts';
import { Faults, resourceOfPath, type FaultControl } from './faults.ts';
import { DAY, brazilToday, formatDateTime, parseNaive } from './naive-time.ts';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limiter.ts';
import { RequestLog, type RequestLogEntry, type RequestStats } from './request-log.ts';
import { createRequestHandler, type Credential } from './server.ts';

export type { SimulatorData } from './dataset.ts';
export type { FaultControl, FaultKind, FaultMix, FaultOptions } from './faults.ts';
export { FAULT_KINDS } from './faults.ts';
export type { RateLimitOptions } from './rate-limiter.ts';
export type { RequestLogEntry, RequestStats } from './request-log.ts';
export type { Credential } from './server.ts';
export type { BadKind } from './quirks.ts';
export { BAD_KINDS } from './quirks.ts';
export { isValidCpf } from './people.ts';

/** The fixed demo credential: accepted when no other is configured. */
export const DEMO_CREDENTIALS: Credential = Object.freeze({
  email: 'demo@cvcrm-etl.local',
  token: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
});

export const DEFAULT_SEED = 1;
export const DEFAULT_SCALE = 600;

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly seed?: number;
  /** Number of reservations (everything else scales with it). */
  readonly scale?: number;
  /** `YYYY-MM-DD`: pins generated dates and the clock (12:00 that day). Default: today in Brazil, real clock. */
  readonly today?: string;
  readonly credentials?: readonly Credential[];
  /** Parts left out take the real API's values (20 per 60 s, 60 s lockout, no Retry-After). */
  readonly rateLimit?: Partial<RateLimitOptions> | false;
  /** Whether a time part in the date filters is accepted (default true); false answers it with 400. */
  readonly acceptsTimeInDateFilter?: boolean;
  /** Fraction of generated records served spoilt (default 0). */
  readonly badRecordRate?: number;
  /** Enables POST /__control/… from loopback (default false). */
  readonly control?: boolean;
}

export interface SimulatorClockControl {
  /** `YYYY-MM-DD HH:MM:SS`, naive Brazil time. */
  now(): string;
  advance(ms: number): void;
  set(dateTime: string): void;
}

/** A simulator that is not listening: its node request handler and its controls. */
export interface Simulator {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly data: SimulatorData;
  readonly faults: FaultControl;
  readonly requests: RequestStats;
  readonly clock: SimulatorClockControl;
  readonly seed: number;
  readonly scale: number;
  readonly today: string;
  resetRateLimit(): void;
  /** Cancels pending slow responses. */
  dispose(): void;
}

export interface RunningSimulator extends Simulator {
  /** Origin, e.g. http://127.0.0.1:4010 (the client appends /api/v1/…). */
  readonly url: string;
  readonly port: number;
  readonly requestLog: readonly RequestLogEntry[];
  stop(): Promise<void>;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? DEFAULT_SCALE;
  const today = options.today ?? brazilToday();
  const pinned = options.today === undefined ? undefined : parseNaive(options.today);
  if (options.today !== undefined && (pinned === undefined || pinned.hasTime)) throw new Error(`today must be YYYY-MM-DD, got ${options.today}`);
  const badRecordRate = options.badRecordRate ?? 0;
  if (!(badRecordRate >= 0 && badRecordRate <= 1)) throw new Error('badRecordRate must be between 0 and 1');
  const todayStart = parseNaive(today)?.seconds ?? 0;
  const clock = new SimulatorClock(pinned === undefined ? undefined : (pinned.seconds + DAY / 2) * 1000, todayStart);
  const dataset = new Dataset({ seed, scale, today, badRecordRate }, clock);
  const rateLimit = options.rateLimit === false ? false : { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const limiter = new RateLimiter(rateLimit);
  const faults = new Faults(limiter);
  const log = new RequestLog(resourceOfPath);
  const timers = new Set<NodeJS.Timeout>();
  const clockControl: SimulatorClockControl = {
    now: () => formatDateTime(clock.now()),
    advance: (ms) => clock.advance(ms),
    set(dateTime) {
      const parsed = parseNaive(dateTime);
      if (parsed === undefined) throw new Error(`not a date: ${dateTime}`);
      clock.set(parsed.seconds);
    },
  };
  const control = createControlHandler({
    enabled: options.control ?? false,
    dataset,
    faults,
    log,
    advanceClock: (ms) => (clockControl.advance(ms), clockControl.now()),
    setClock: (dateTime) => (clockControl.set(dateTime), clockControl.now()),
    clockNow: clockControl.now,
    resetRateLimit: () => limiter.reset(),
  });
  const handler = createRequestHandler({
    dataset,
    limiter,
    faults,
    log,
    credentials: options.credentials ?? [DEMO_CREDENTIALS],
    acceptsTimeInDateFilter: options.acceptsTimeInDateFilter ?? true,
    control,
    timers,
  });
  return {
    handler,
    data: dataset,
    faults,
    requests: log,
    clock: clockControl,
    seed,
    scale,
    today,
    resetRateLimit: () => limiter.reset(),
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = createSimulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAliveTimeout: 5_000 }, simulator.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    ...simulator,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get requestLog() {
      return simulator.requests.log;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        simulator.dispose();
        server.close(() => resolve());
        // Hung and keep-alive connections would hold close() open forever.
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
