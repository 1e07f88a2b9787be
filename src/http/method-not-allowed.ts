/**
 * A request whose path exists under other methods is answered 405 with `Allow` (RFC 9110 §15.5.6),
 * not 404: the caller learns that the URL is right and the method is not.
 */
import type { Context } from 'hono';
import { PatternRouter } from 'hono/router/pattern-router';
import { ApiError } from './errors.ts';

interface RouteEntry {
  method: string;
  path: string;
}

/** Orders `Allow` the way RFC 9110 lists methods, so the header reads the same on every call. */
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The methods each path answers, read from the app's routes once they are all registered (the
 * first lookup). Middleware (method `ALL`) matches every method and says nothing about a path.
 */
export function allowedMethods(routes: () => readonly RouteEntry[]): (path: string) => string[] {
  let router: PatternRouter<string> | null = null;
  return (path) => {
    if (router === null) {
      router = new PatternRouter<string>();
      for (const route of routes()) if (route.method !== 'ALL') router.add('ALL', route.path, route.method);
    }
    const methods = new Set(router.match('ALL', path)[0].map(([method]) => method));
    // Hono answers HEAD with the GET handler, without its body.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort((a, b) => rank(a) - rank(b));
  };
}

function rank(method: string): number {
  const at = ORDER.indexOf(method);
  return at === -1 ? ORDER.length : at;
}

/**
 * The not-found answer: 405 with `Allow` when the path exists under other methods only, else 404 (also
 * when a route for this very method matched and its handler found nothing, as the console's files do).
 */
export function noRoute(c: Context, allowed: readonly string[]): ApiError {
  if (allowed.length === 0 || allowed.includes(c.req.method))
    return new ApiError('not-found', `No route for ${c.req.method} ${c.req.path}.`);
  return new ApiError('method-not-allowed', `${c.req.path} does not answer ${c.req.method}; it answers ${allowed.join(', ')}.`, {
    headers: { Allow: allowed.join(', ') },
  });
}
