// /static/*: the dashboard's own scripts and styles, and Chart.js from node_modules, served by
// this server (no CDN). Read once at start-up; revalidated by ETag.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';
import { notFound } from './errors.ts';

interface Asset {
  readonly body: string;
  readonly type: string;
  readonly etag: string;
}

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

function chartJsPath(): string {
  // The package's main entry is dist/chart.cjs; the browser build sits next to it.
  const main = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(main), 'chart.umd.js');
}

let cache: Map<string, Asset> | undefined;

export function loadAssets(): Map<string, Asset> {
  if (cache) return cache;
  const assets = new Map<string, Asset>();
  for (const file of readdirSync(STATIC_DIR)) {
    const ext = file.split('.').pop() ?? '';
    const type = TYPES[ext];
    if (type !== undefined && /^[a-z0-9-]+\.(js|css)$/.test(file)) {
      assets.set(file, asset(readFileSync(join(STATIC_DIR, file), 'utf8'), type));
    }
  }
  assets.set('chart.umd.js', asset(readFileSync(chartJsPath(), 'utf8'), TYPES.js!));
  cache = assets;
  return assets;
}

export function registerStaticRoutes(app: Hono<AppEnv>): void {
  const assets = loadAssets();
  app.get('/static/:file', (c) => {
    const found = assets.get(c.req.param('file'));
    if (found === undefined) return notFound(c);
    c.header('ETag', found.etag);
    c.header('Cache-Control', 'no-cache');
    if (c.req.header('if-none-match') === found.etag) return c.body(null, 304);
    c.header('Content-Type', found.type);
    return c.body(found.body);
  });
}
