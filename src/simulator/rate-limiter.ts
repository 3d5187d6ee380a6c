// Per-credential request budget, as CV CRM enforces it: at most `limit` requests in any sliding
// window of `windowMs`; the request over the limit gets 429 and the credential stays locked out
// for `lockoutMs`, every request during the lockout getting 429 as well (and not counted).
// Requests with bad credentials are answered 401 before reaching the limiter: they cannot be
// attributed to a credential.

export interface RateLimitOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
  /** Send Retry-After (seconds until the lockout ends); the real API is not known to. */
  readonly retryAfterHeader: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 20, windowMs: 60_000, lockoutMs: 60_000, retryAfterHeader: false };

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private stormUntil = 0;

  constructor(
    private readonly options: RateLimitOptions | false,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get retryAfterHeader(): boolean {
    return this.options !== false && this.options.retryAfterHeader;
  }

  check(credential: string): RateDecision {
    const now = this.now();
    const locked = Math.max(this.lockedUntil.get(credential) ?? 0, this.stormUntil);
    if (now < locked) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((locked - now) / 1000)) };
    const options = this.options;
    if (options === false) return { ok: true };
    const times = (this.recent.get(credential) ?? []).filter((t) => t > now - options.windowMs);
    if (times.length >= options.limit) {
      this.lockedUntil.set(credential, now + options.lockoutMs);
      this.recent.set(credential, []);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(options.lockoutMs / 1000)) };
    }
    times.push(now);
    this.recent.set(credential, times);
    return { ok: true };
  }

  /** A "429 storm": every credential locked out for `ms`, whatever its budget. */
  lockAll(ms: number): void {
    this.stormUntil = Math.max(this.stormUntil, this.now() + ms);
  }

  reset(): void {
    this.recent.clear();
    this.lockedUntil.clear();
    this.stormUntil = 0;
  }
}
