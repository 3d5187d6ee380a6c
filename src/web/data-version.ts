// What the business tables look like changes when a sync run ends: the finished runs in etl.runs
// are the data's version. Reading it is one small query, and it is itself kept for a second, so
// a burst of requests costs one.
import type { Queryable } from '../db/database.ts';

export function dataVersionReader(db: Queryable, ttlMs = 1_000, now: () => number = Date.now): () => Promise<string> {
  let cached: { value: string; at: number } | undefined;
  let pending: Promise<string> | undefined;
  return async () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    pending ??= (async () => {
      try {
        const { rows } = await db.query<{ v: string }>(
          `select coalesce(max(finished_at)::text, '-') || '/' || count(*)::text as v from etl.runs where status <> 'running'`,
        );
        cached = { value: rows[0]?.v ?? '-', at: now() };
        return cached.value;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}
