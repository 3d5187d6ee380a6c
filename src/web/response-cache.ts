// Answers of the read APIs, kept until the data changes (a sync run ends) or for at most a
// minute. With a million sales an all-time aggregate takes about a second of database time; the
// dashboard of every director asks for the same few, every 30 s. Keys include whether the caller
// may see personal data, so a masked answer is never served to a full-view caller or back. A hit
// replays the first answer exactly: its status, its headers (Content-Disposition of a CSV…) and
// its bytes (a CSV's byte-order mark), only the headers that belong to each request made anew.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';

export interface ResponseCacheOptions {
  readonly version: () => Promise<string>;
  readonly maxAgeMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
  /** Paths never cached (answers that must be live). */
  readonly exclude?: readonly string[];
}

interface Entry {
  readonly version: string;
  readonly at: number;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Headers of one request, never replayed: its id, its rate-limit count, its length and date. */
const PER_REQUEST = /^(x-request-id|ratelimit-.*|retry-after|x-cache|set-cookie|content-length|date)$/i;

export function responseCache(options: ResponseCacheOptions): MiddlewareHandler<AppEnv> {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const exclude = new Set(options.exclude ?? []);
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<void>>();

  const fresh = (key: string, version: string): Entry | undefined => {
    const entry = entries.get(key);
    return entry && entry.version === version && now() - entry.at < maxAgeMs ? entry : undefined;
  };

  return async (c, next) => {
    const url = new URL(c.req.url);
    if (c.req.method !== 'GET' || exclude.has(url.pathname)) return next();
    const key = `${c.get('principal')?.pii ? 'full' : 'masked'} ${url.pathname}?${url.searchParams.toString()}`;
    const version = await options.version();
    let entry = fresh(key, version);
    if (!entry && inFlight.has(key)) {
      await inFlight.get(key);
      entry = fresh(key, version);
    }
    if (entry) {
      // A copy per answer: the stored bytes must not be handed over to one response's stream.
      return c.body(entry.body.slice(), entry.status as 200, { ...entry.headers, 'X-Cache': 'hit' });
    }
    let done!: () => void;
    inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
    try {
      await next();
      if (c.res.status === 200) {
        const body = new Uint8Array(await c.res.clone().arrayBuffer());
        const headers: Record<string, string> = {};
        c.res.headers.forEach((value, name) => {
          if (!PER_REQUEST.test(name)) headers[name] = value;
        });
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { version, at: now(), status: c.res.status, headers, body });
      }
    } finally {
      inFlight.delete(key);
      done();
    }
  };
}
