// Response headers, request size limits, CORS and the client's address.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../context.ts';
import { HttpError, badRequest } from '../errors.ts';
import { MAX_QUERY_STRING } from '../params.ts';

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
 * The client's address from X-Forwarded-For when `trustProxy` reverse proxies stand in front of
 * the server. Each proxy appends the address it received the request from, so the entry `trustProxy`
 * places from the right is the one our outermost proxy saw; entries further left are whatever the
 * client claimed. A header shorter than that cannot have passed all our proxies: its leftmost
 * entry is the best known. Without trusted proxies (0) the header is ignored: the socket's address.
 */
export function forwardedClientAddress(forwarded: string | undefined, socketAddress: string, trustProxy: number): string {
  if (trustProxy <= 0 || forwarded === undefined) return socketAddress;
  const entries = forwarded.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return socketAddress;
  return entries[Math.max(0, entries.length - trustProxy)]!;
}

/** The caller's address for the API and login rate limits (TRUST_PROXY in the configuration). */
export function clientAddress(c: Context, trustProxy: number): string {
  let socketAddress = 'unknown';
  try {
    socketAddress = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket: the app called in-process (tests).
  }
  return forwardedClientAddress(c.req.header('x-forwarded-for'), socketAddress, trustProxy);
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
