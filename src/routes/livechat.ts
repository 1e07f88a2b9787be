import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { bearerToken, unauthorized } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { ADMIN_PROBLEMS, problems } from '../http/schemas.ts';
import { normalizeContactReference } from '../inbound/contact.ts';
import { isoTime } from '../lib/clock.ts';
import { STREAM_ID } from '../store/cursor.ts';
import { loadChannel } from './channels.ts';
import { AccountIdParam, BotIdParam, jsonBody, ok, openApiApp, Timestamp } from './common.ts';

const TokenRequestSchema = z
  .object({
    contact: z.string().min(1).max(256).openapi({ example: 'contact-123' }),
    ttlSeconds: z.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
  })
  .strict()
  .openapi('LiveChatTokenRequest');

const TokenSchema = z
  .object({ token: z.string(), expiresAt: Timestamp, streamUrl: z.string() })
  .openapi('LiveChatToken');

/** Admin side: mint the per-contact token a live chat widget connects with. */
export function liveChatAdminRoutes() {
  const app = openApiApp();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/channels/{accountId}/livechat-tokens',
      tags: ['Channels'],
      summary: 'Mint a live chat widget token for one contact',
      request: { params: z.object({ botId: BotIdParam, accountId: AccountIdParam }), body: jsonBody(TokenRequestSchema) },
      responses: { 201: ok(TokenSchema, 'The token and the stream URL to open with it'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
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
    },
  );
  return app;
}

/** Widget side: the contact's replies as Server-Sent Events. */
export function liveChatStreamRoutes() {
  const app = openApiApp();
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/livechat/stream',
    tags: ['Live chat'],
    summary: 'A live chat contact’s replies as Server-Sent Events',
    description:
      'Authenticate with the widget token (`?token=` for EventSource, or `Authorization: Bearer`). Each event is `message` with the reply as JSON and its `id`; reconnecting with `Last-Event-ID` (or `?lastEventId=`) replays what was sent meanwhile, in order; `0` replays all that is kept. Comment heartbeats keep proxies from closing the stream.',
    security: [],
    request: {
      query: z.object({
        token: z.string().optional().openapi({ param: { name: 'token', in: 'query' } }),
        lastEventId: z.string().optional().openapi({ param: { name: 'lastEventId', in: 'query' } }),
      }),
    },
    responses: {
      200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...problems(400, 401, 404, 503),
    },
  });
  app.get('/livechat/stream', openStream);
  return app;
}

async function openStream(c: Context<AppEnv>): Promise<Response> {
  const services = c.get('services');
  const token = c.req.query('token') ?? bearerToken(c.req.header('authorization'));
  const claims = token ? await services.liveChatTokens.verify(token) : null;
  if (!claims) throw unauthorized('Missing or invalid live chat token.');
  const account = await services.store.getChannel(claims.botId, claims.accountId);
  if (!account || !account.active || account.channel !== 'livechat') throw new ApiError('not-found', 'No such live chat account.');
  const resume = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null;
  if (resume !== null && resume !== '0' && !STREAM_ID.test(resume)) throw new ApiError('bad-request', 'Last-Event-ID is not an id this stream sent.');

  const { liveChat } = services;
  const { botId, accountId, contact } = claims;
  let wake: (() => void) | null = null;
  let pending = false;
  const unsubscribe = await liveChat.subscribe(botId, accountId, contact, () => {
    pending = true;
    wake?.();
  });
  let cursor = resume ?? (await liveChat.lastId(botId, accountId, contact));

  return streamSSE(c, async (stream) => {
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    try {
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ contact }), retry: 3000 });
      while (!stream.aborted) {
        pending = false;
        for (;;) {
          const entries = await liveChat.readAfter(botId, accountId, contact, cursor, 100);
          for (const entry of entries) {
            await stream.writeSSE({ id: entry.id, event: 'message', data: JSON.stringify(entry) });
            cursor = entry.id;
          }
          if (entries.length < 100) break;
        }
        if (pending) continue;
        const woke = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), services.config.liveChatHeartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = null;
        if (!woke && !stream.aborted) await stream.write(': heartbeat\n\n');
      }
    } finally {
      unsubscribe();
    }
  });
}
