import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { REVOCATION_CACHE_MS } from '../../lib/tokens.ts';
import type { OpenApiApp } from '../common.ts';
import { RevokedTokenSchema, RevokeTokenSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/admin-tokens/revoke',
  operationId: 'revokeAdminToken',
  tags: ['Admin tokens'],
  summary: 'Revoke an admin token by its jti',
  description:
    'Puts the jti on a deny list kept in the store: from then on, any admin token carrying it is answered 401 — at once on ' +
    `the instance that handled this request, within ${REVOCATION_CACHE_MS / 1000} s on every other. Needs admin scope ` +
    '(a read token gets 403).',
  request: { body: jsonBody(RevokeTokenSchema) },
  responses: { 200: ok(RevokedTokenSchema, 'The jti is revoked'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerRevokeAdminToken(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { jti } = c.req.valid('json');
    const until = await c.get('services').adminTokens.revoke(jti, Date.now());
    return c.json({ jti, revokedUntil: isoTime(until), appliesWithinSeconds: REVOCATION_CACHE_MS / 1000 }, 200);
  });
}
