import { createRoute } from '@hono/zod-openapi';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { normalizeContactReference } from '../../inbound/contact.ts';
import { isoTime } from '../../lib/clock.ts';
import type { OpenApiApp } from '../common.ts';
import { loadChannel } from '../loaders.ts';
import { AccountPath } from '../params.ts';
import { LiveChatTokenRequestSchema, LiveChatTokenSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/channels/{accountId}/livechat-tokens',
  operationId: 'createLiveChatToken',
  tags: ['Channels'],
  summary: 'Mint a live chat widget token for one contact',
  description: 'The widget opens `streamUrl` with this token to receive the contact’s replies as Server-Sent Events.',
  request: { params: AccountPath, body: jsonBody(LiveChatTokenRequestSchema) },
  responses: { 201: ok(LiveChatTokenSchema, 'The token and the stream URL to open with it'), ...problems(...ADMIN_PROBLEMS, 409) },
});

/** The per-contact token a live chat widget opens its stream (routes/livechat) with. */
export function registerMintLiveChatToken(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const { botId, accountId } = c.req.valid('param');
    const account = await loadChannel(c, botId, accountId);
    if (account.channel !== 'livechat') throw new ApiError('conflict', 'Only livechat accounts have widget tokens.');
    const { contact: raw, ttlSeconds } = c.req.valid('json');
    const contact = normalizeContactReference('livechat', raw);
    if (!contact.ok) throw new ApiError('validation', 'Invalid contact.', { errors: [{ path: '/contact', message: contact.message }] });
    const token = await services.liveChatTokens.mint({ botId, accountId, contact: contact.value }, ttlSeconds);
    return c.json(
      {
        token,
        expiresAt: isoTime(services.clock.now() + ttlSeconds * 1000),
        streamUrl: `${services.config.publicBaseUrl}/livechat/stream?token=${token}`,
      },
      201,
    );
  });
}
