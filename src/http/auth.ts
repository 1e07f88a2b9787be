import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

/** The bearer token of a request, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header || header.length > 8192) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

export function unauthorized(detail = 'Missing or invalid bearer token.'): ApiError {
  return new ApiError('unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

/**
 * Admin authentication: a JWT carrying the workspace (`ws`) and scope. A `read` token may only
 * use safe methods.
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuthMiddleware(c, next) {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw unauthorized();
    const principal = await c.get('services').adminTokens.verify(token);
    if (!principal) throw unauthorized();
    if (principal.scope !== 'admin' && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      throw new ApiError('forbidden', 'This token has read scope; this operation needs admin scope.');
    }
    c.set('principal', principal);
    await next();
  };
}

/** For reads that reveal secrets (tokens in samples): admin scope only. */
export function requireAdminScope(scope: string): void {
  if (scope !== 'admin') throw new ApiError('forbidden', 'This operation reveals webhook tokens and needs admin scope.');
}
