// Answers of the read APIs, kept in the data cache (../data-cache.ts) until a sync run ends. Keys
// include whether the caller may see personal data and which accounts, so a masked answer is never
// served to a full-view caller or back, nor an answer with other accounts to a limited one. A hit
// replays the first answer exactly: its status, its headers (Content-Disposition of a CSV…) and its
// bytes (a CSV's byte-order mark), only the headers that belong to each request made anew.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import type { DataCache } from '../data-cache.ts';

export interface ResponseCacheOptions {
  /** Paths never cached (answers that must be live). */
  readonly exclude?: readonly string[];
}

interface StoredAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Headers of one request, never replayed: its id, its rate-limit count, its length and date. */
const PER_REQUEST = /^(x-request-id|ratelimit-.*|retry-after|x-cache|set-cookie|content-length|date)$/i;

export function responseCache(cache: DataCache, options: ResponseCacheOptions = {}): MiddlewareHandler<AppEnv> {
  const exclude = new Set(options.exclude ?? []);
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (c.req.method !== 'GET' || exclude.has(url.pathname)) return next();
    const principal = c.get('principal');
    // The grant's accounts too: one caller limited to an account must never get another's answer.
    const accounts = principal?.contas == null ? '*' : [...principal.contas].sort().join(',');
    const key = `answer ${principal?.pii ? 'full' : 'masked'} ${accounts} ${url.pathname}?${url.searchParams.toString()}`;
    const { value: answer, hit } = await cache.remember<StoredAnswer | undefined>(key, async () => {
      await next();
      if (c.res.status !== 200) return undefined;
      const headers: Record<string, string> = {};
      c.res.headers.forEach((value, name) => {
        if (!PER_REQUEST.test(name)) headers[name] = value;
      });
      return { status: c.res.status, headers, body: new Uint8Array(await c.res.clone().arrayBuffer()) };
    });
    if (hit && answer) {
      // A copy per answer: the stored bytes must not be handed over to one response's stream.
      return c.body(answer.body.slice(), answer.status as 200, { ...answer.headers, 'X-Cache': 'hit' });
    }
  };
}
