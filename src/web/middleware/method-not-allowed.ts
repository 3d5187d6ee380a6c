// A known path asked with a method it does not answer gets 405 with the methods it does answer in
// Allow, instead of a 404 that says the path does not exist. Hono has no such answer built in:
// the app's own route table is matched again, by path only, when no route answered.
import type { Context } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { errorBody } from '../errors.ts';

interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The methods a path answers, from the app's routes (middleware, method ALL, answers none). */
export function allowedMethodsFor(routes: () => readonly RouteEntry[]): (path: string) => string[] {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    if (router === undefined) {
      router = new TrieRouter<string>();
      for (const route of routes()) if (route.method !== 'ALL') router.add('ALL', route.path, route.method);
    }
    const methods = new Set(router.match('ALL', path)[0].map(([method]) => method));
    // Every GET route also answers HEAD.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  };
}

/** The app's notFound handler: 405 with Allow for a known path, the plain 404 otherwise. */
export function notFoundOrNotAllowed(allowedFor: (path: string) => string[], notFound: (c: Context) => Response) {
  return (c: Context): Response => {
    const allowed = allowedFor(c.req.path);
    if (allowed.length === 0 || allowed.includes(c.req.method)) return notFound(c);
    c.header('Allow', allowed.join(', '));
    return c.json(errorBody('method_not_allowed', `Método ${c.req.method} não permitido nesta rota. Use: ${allowed.join(', ')}.`), 405);
  };
}
