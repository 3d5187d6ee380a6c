// Response headers, request size limits, CORS and the client's address.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './context.ts';
import { HttpError, badRequest } from './errors.ts';
import { MAX_QUERY_STRING } from './params.ts';

/** Everything the page loads comes from this server: no inline script, no CDN, no framing. */
export function securityHeaders(production: boolean): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    crossOriginResourcePolicy: 'same-origin',
    // HSTS only where the deployment serves HTTPS; on a local http:// port it would be wrong.
    strictTransportSecurity: production ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  }) as MiddlewareHandler<AppEnv>;
}

export function requestSizeLimits(maxBodyBytes: number): MiddlewareHandler<AppEnv> {
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new HttpError(413, 'payload_too_large', `O corpo da requisição excede ${maxBodyBytes} bytes.`);
    },
  });
  return async (c, next) => {
    const url = c.req.url;
    const q = url.indexOf('?');
    if (q !== -1 && url.length - q > MAX_QUERY_STRING) {
      throw badRequest(`A consulta excede ${MAX_QUERY_STRING} caracteres.`);
    }
    return limitBody(c, next);
  };
}

/** Cross-origin reads of /api/* only for the origins listed in CORS_ORIGINS; off otherwise. */
export function apiCors(origins: readonly string[]): MiddlewareHandler<AppEnv> | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: [...origins],
    allowMethods: ['GET', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'Retry-After'],
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
}

/**
 * The caller's address for rate limits. In production the service sits behind the platform's
 * proxy, which appends the real address to X-Forwarded-For: the last entry is the one the proxy
 * saw (earlier entries are whatever the client claimed). Locally the socket address is used.
 */
export function clientAddress(c: Context, production: boolean): string {
  if (production) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Same-origin check for the login and logout forms (host of Origin = Host header). */
export function sameOriginForm(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
