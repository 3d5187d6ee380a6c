// Failures on demand, for testing the client's retries, timeouts and parsing: the next N
// responses (optionally only for one resource) fail in a chosen way, or every response fails at
// seeded random rates. Applied after authentication and the rate limiter, so a faulty response
// still spends budget, as it would against the real server.
import { resolveResourceName } from '../cvdw/catalog/index.ts';
import { Rng, TAG, hash32 } from './rng.ts';
import type { RateLimiter } from './rate-limiter.ts';

export const FAULT_KINDS = ['503', '422', 'slow', 'hang', 'reset', 'truncated', 'partial', 'invalid-json', 'empty'] as const;
/**
 * - 503 / 422: the error bodies the real API sends under load;
 * - slow: the normal answer after `delayMs`;
 * - hang: no answer at all, until the client gives up and closes the socket;
 * - reset: the socket is destroyed without an answer;
 * - truncated: a 200 whose JSON body is cut in half (complete HTTP message, unparseable JSON);
 * - partial: headers announcing the full body, half of it, then the socket is destroyed;
 * - invalid-json: a 200 with an HTML error page as the body;
 * - empty: a 200 with no body.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** How many responses (default 1). */
  readonly count?: number;
  /** Only requests for this resource (`reservas`, `/api/v1/cvdw/reservas`, `empreendimentos`). */
  readonly path?: string;
  /** For `slow`: how long (default 2000 ms). */
  readonly delayMs?: number;
}

export interface FaultMix {
  readonly rate503?: number;
  readonly rate422?: number;
  readonly rateSlow?: number;
  readonly rateHang?: number;
  readonly rateReset?: number;
  readonly rateTruncated?: number;
  readonly rateInvalidJson?: number;
  readonly rateEmpty?: number;
  readonly slowMs?: number;
  /** Seeds the draws, so a run is repeatable (default 1). */
  readonly seed?: number;
}

export interface FaultAction {
  readonly kind: FaultKind;
  readonly delayMs: number;
}

/** The fault switches a running simulator exposes. */
export interface FaultControl {
  next(kind: FaultKind, options?: FaultOptions): void;
  mix(mix: FaultMix | null): void;
  /** A 429 storm: every credential locked out for `ms`. */
  lockout(ms: number): void;
  clear(): void;
  /** Responses still to be spoilt by `next`. */
  pending(): number;
}

interface Rule {
  readonly kind: FaultKind;
  remaining: number;
  readonly resource: string | undefined;
  readonly delayMs: number;
}

const DEFAULT_SLOW_MS = 2_000;

export function resourceOfPath(path: string): string {
  const cleaned = path.trim().replace(/^\/?api\/v1\/(cvdw\/|cadastros\/)?/, '').replace(/^\/+|\/+$/g, '');
  return resolveResourceName(cleaned) ?? cleaned;
}

export class Faults implements FaultControl {
  private rules: Rule[] = [];
  private mixRates: FaultMix | null = null;
  private mixRng = new Rng(1);

  constructor(private readonly limiter: RateLimiter) {}

  next(kind: FaultKind, options: FaultOptions = {}): void {
    if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault: ${String(kind)}`);
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number >= 1');
    this.rules.push({
      kind,
      remaining: count,
      resource: options.path === undefined ? undefined : resourceOfPath(options.path),
      delayMs: options.delayMs ?? DEFAULT_SLOW_MS,
    });
  }

  mix(mix: FaultMix | null): void {
    this.mixRates = mix;
    this.mixRng = new Rng(hash32(mix?.seed ?? 1, TAG.faults));
  }

  lockout(ms: number): void {
    this.limiter.lockAll(ms);
  }

  clear(): void {
    this.rules = [];
    this.mix(null);
  }

  pending(): number {
    return this.rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }

  /** The fault for this request, if any (consumes one use of a `next` rule). */
  take(resource: string): FaultAction | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.resource === undefined || r.resource === resource));
    if (rule !== undefined) {
      rule.remaining -= 1;
      if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
      return { kind: rule.kind, delayMs: rule.delayMs };
    }
    const mix = this.mixRates;
    if (mix === null) return undefined;
    const draws: readonly (readonly [FaultKind, number | undefined])[] = [
      ['503', mix.rate503], ['422', mix.rate422], ['slow', mix.rateSlow], ['hang', mix.rateHang], ['reset', mix.rateReset],
      ['truncated', mix.rateTruncated], ['invalid-json', mix.rateInvalidJson], ['empty', mix.rateEmpty],
    ];
    let u = this.mixRng.next();
    for (const [kind, rate = 0] of draws) {
      if (u < rate) return { kind, delayMs: mix.slowMs ?? DEFAULT_SLOW_MS };
      u -= rate;
    }
    return undefined;
  }
}
