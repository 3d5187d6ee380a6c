// The served product's one cache: values computed from the business tables, kept until the data
// changes (a sync run ends) or for at most a minute. With a million sales an all-time aggregate
// takes about a second of database time, and the dashboard of every director asks for the same
// few every 30 s. Read-API answers (middleware/response-cache.ts) and the page's project list
// both live here, so one rule decides when everything is fresh again.

export interface DataCacheOptions {
  /** The data's version (see data-version.ts): a value kept under another version is stale. */
  readonly version: () => Promise<string>;
  readonly maxAgeMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export interface Remembered<T> {
  readonly value: T;
  /** True when the value was kept from an earlier call (load was not called). */
  readonly hit: boolean;
}

export interface DataCache {
  /**
   * The value kept under key for the current data version, or load()'s, which is then kept
   * unless it is undefined (something not to keep, such as an error answer). Concurrent calls
   * for one key wait for the first load instead of repeating it.
   */
  remember<T>(key: string, load: () => Promise<T>): Promise<Remembered<T>>;
}

interface Entry {
  readonly version: string;
  readonly at: number;
  readonly value: unknown;
}

export function createDataCache(options: DataCacheOptions): DataCache {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<void>>();

  const fresh = (key: string, version: string): Entry | undefined => {
    const entry = entries.get(key);
    return entry && entry.version === version && now() - entry.at < maxAgeMs ? entry : undefined;
  };

  return {
    async remember<T>(key: string, load: () => Promise<T>): Promise<Remembered<T>> {
      const version = await options.version();
      let entry = fresh(key, version);
      if (!entry && inFlight.has(key)) {
        await inFlight.get(key);
        entry = fresh(key, version);
      }
      if (entry) return { value: entry.value as T, hit: true };
      let done!: () => void;
      inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
      try {
        const value = await load();
        if (value !== undefined) {
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
          entries.set(key, { version, at: now(), value });
        }
        return { value, hit: false };
      } finally {
        inFlight.delete(key);
        done();
      }
    },
  };
}
