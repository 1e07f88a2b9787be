import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { VerificationSecrets } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';
import { problems } from '../../http/schemas.ts';
import { safeEqual } from '../../lib/crypto.ts';
import { isId } from '../../lib/ids.ts';
import { addressAllowed, clientAddress } from './client-address.ts';

const route = createRoute({
  method: 'get',
  path: '/hooks/{webhookId}',
  operationId: 'verifyWebhookSubscription',
  tags: ['Inbound'],
  summary: 'Meta subscription handshake',
  description:
    'For a block with the `meta` scheme (WhatsApp Cloud, Messenger, Instagram): answers `hub.challenge` as text/plain when ' +
    '`hub.mode` is `subscribe` and `hub.verify_token` is the block’s verify token; 403 otherwise.',
  security: [],
  request: {
    params: z.object({ webhookId: z.string() }),
    query: z.object({
      'hub.mode': z.string().optional(),
      'hub.verify_token': z.string().optional(),
      'hub.challenge': z.string().optional(),
    }),
  },
  responses: {
    200: { description: 'The challenge, echoed', content: { 'text/plain': { schema: z.string() } } },
    ...problems(403, 404),
  },
});

/** Mounts `GET /hooks/{webhookId}`: Meta's webhook verification request. */
export function registerMetaHandshake(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const webhookId = c.req.param('webhookId');
    if (!isId('wh', webhookId)) throw new ApiError('not-found', 'No such webhook.');
    const { store, secrets } = c.get('services');
    const config = await store.loadHook(webhookId);
    if (!config) throw new ApiError('not-found', 'No such webhook.');
    const { block } = config;
    if (block.allowedIps !== undefined && !addressAllowed(block.allowedIps, clientAddress(c))) {
      throw new ApiError('forbidden', 'Calls to this webhook are not allowed from this address.');
    }
    const v = block.verification;
    if (v?.scheme !== 'meta' || !v.secrets) throw new ApiError('forbidden', 'This webhook does not use the meta scheme.');
    const { verifyToken } = await secrets.open<VerificationSecrets>(v.secrets);
    const query = c.req.query();
    const challenge = query['hub.challenge'];
    const given = query['hub.verify_token'];
    if (
      query['hub.mode'] !== 'subscribe' ||
      challenge === undefined ||
      given === undefined ||
      !verifyToken ||
      !safeEqual(given, verifyToken)
    ) {
      throw new ApiError('forbidden', 'The verify token does not match.');
    }
    return c.text(challenge, 200);
  });
}
