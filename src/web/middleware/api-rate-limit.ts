// The read APIs' request budget: one per signed-in user or token, one per address for open
// access. Every answer says how much of the budget is left (RateLimit-* headers); answers may hold
// personal data, so none is stored by browsers or proxies.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import { clientAddress } from './security.ts';

export function apiRateLimit(limiter: RateLimiter, trustProxy: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    const key = principal && principal.kind !== 'open' ? principal.id : `ip:${clientAddress(c, trustProxy)}`;
    const decision = limiter.hit(key);
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    c.header('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      throw new HttpError(429, 'rate_limited', `Limite de ${decision.limit} requisições por minuto atingido. Tente novamente em ${decision.resetSeconds} s.`, {
        'Retry-After': String(decision.resetSeconds),
      });
    }
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
