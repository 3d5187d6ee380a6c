// Builds the web application for tests: a configuration from an env record, a fixed clock and
// limits high enough not to get in the way (the limit tests set their own).
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { createApp, type AppDeps } from '../../src/web/app.ts';
import { FIXED_NOW } from './fixtures.ts';

export const TOKEN = 'token-de-teste-bi-0123456789';
export const PII_TOKEN = 'token-da-diretoria-0123456789';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig(env);
}

export function testApp(db: Database, env: Record<string, string> = {}, extra: Partial<AppDeps> = {}) {
  return createApp({
    db,
    config: testConfig(env),
    now: () => FIXED_NOW,
    limits: { apiPerMinute: 1_000_000, loginPer15Minutes: 1_000_000 },
    ...extra,
  });
}

export async function getJson<T = Record<string, unknown>>(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await app.request(path, init);
  const text = await res.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    throw new Error(`${path}: expected JSON, got ${res.status} ${text.slice(0, 200)}`);
  }
  return { status: res.status, body, headers: res.headers };
}
