// Request ids, timing and access logs. A log line names the route pattern, never the query
// string, the client address or any client data; the id is echoed in X-Request-Id so a user can
// quote it (hono's requestId keeps a caller's id only when short and made of [A-Za-z0-9_=-]).
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../../ops/logger.ts';
import type { AppEnv } from '../context.ts';

export type RequestTimer = (route: string, method: string, status: number, seconds: number) => void;

export function accessLog(logger: Logger | undefined, onRequestTimed: RequestTimer | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const status = c.res.status;
    let route = routePath(c);
    // A wildcard here means no route answered (or a guard did): keep metric labels bounded.
    if (route === '' || (status === 404 && route.endsWith('*'))) route = 'unmatched';
    onRequestTimed?.(route, c.req.method, status, seconds);
    const entry = { req_id: c.get('requestId'), method: c.req.method, route, status, ms: Math.round(seconds * 1000) };
    if (status >= 500) logger?.warn(entry, 'request failed');
    else logger?.info(entry, 'request');
  };
}
