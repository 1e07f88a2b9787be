import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { bearerToken, unauthorized } from '../../http/auth.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';
import { problems } from '../../http/schemas.ts';
import { STREAM_ID } from '../../store/cursor.ts';
import type { OpenApiApp } from '../common.ts';
import { applyLiveChatCors } from './cors.ts';

/** How many replies one read takes from the contact's stream. */
const READ_BATCH = 100;

/** Documented with registerPath: an SSE stream has no response schema for `app.openapi` to check. */
export function registerLiveChatStream(app: OpenApiApp): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/livechat/stream',
    operationId: 'streamLiveChat',
    tags: ['Live chat'],
    summary: 'A live chat contact’s replies as Server-Sent Events',
    description:
      'Authenticate with the widget token (`?token=` for EventSource, or `Authorization: Bearer`). ' +
      'Each event is `message` with the reply as JSON and its `id`; reconnecting with `Last-Event-ID` (or `?lastEventId=`) ' +
      'replays what was sent meanwhile, in order; `0` replays all that is kept. Comment heartbeats keep proxies from closing the stream. ' +
      'A page on an origin listed in the live chat account’s `config.allowedOrigins` may open it cross-origin (CORS, preflight ' +
      'included, with the token in the query); other origins get no CORS headers.',
    security: [],
    request: {
      query: z.object({
        token: z
          .string()
          .optional()
          .openapi({ param: { name: 'token', in: 'query' } }),
        lastEventId: z
          .string()
          .optional()
          .openapi({ param: { name: 'lastEventId', in: 'query' } }),
      }),
    },
    responses: {
      200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...problems(400, 401, 404, 503),
    },
  });
  app.get('/livechat/stream', openStream);
}

async function openStream(c: Context<AppEnv>): Promise<Response> {
  const services = c.get('services');
  const token = c.req.query('token') ?? bearerToken(c.req.header('authorization'));
  const claims = token ? await services.liveChatTokens.verify(token) : null;
  if (!claims) throw unauthorized('Missing or invalid live chat token.');
  const account = await services.store.getChannel(claims.botId, claims.accountId);
  if (!account?.active || account.channel !== 'livechat') throw new ApiError('not-found', 'No such live chat account.');
  applyLiveChatCors(c, account);
  const resume = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null;
  if (resume !== null && resume !== '0' && !STREAM_ID.test(resume)) {
    throw new ApiError('bad-request', 'Last-Event-ID is not an id this stream sent.');
  }

  const { liveChat } = services;
  const { botId, accountId, contact } = claims;
  let wake: (() => void) | null = null;
  let pending = false;
  const unsubscribe = await liveChat.subscribe(botId, accountId, contact, () => {
    pending = true;
    wake?.();
  });
  let cursor = resume ?? (await liveChat.lastId(botId, accountId, contact));

  // A draining process ends the stream (the client reconnects elsewhere with Last-Event-ID).
  const { stopping } = services;
  const onStopping = () => wake?.();
  return streamSSE(c, async (stream) => {
    const ended = () => stream.aborted || stopping.aborted;
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    stopping.addEventListener('abort', onStopping, { once: true });
    try {
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ contact }), retry: 3000 });
      while (!ended()) {
        pending = false;
        for (;;) {
          const entries = await liveChat.readAfter(botId, accountId, contact, cursor, READ_BATCH);
          for (const entry of entries) {
            await stream.writeSSE({ id: entry.id, event: 'message', data: JSON.stringify(entry) });
            cursor = entry.id;
          }
          if (entries.length < READ_BATCH) break;
        }
        if (pending) continue;
        const woke = await new Promise<boolean>((resolve) => {
          if (stopping.aborted) return resolve(true);
          const timer = setTimeout(() => resolve(false), services.config.liveChatHeartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = null;
        if (!woke && !ended()) await stream.write(': heartbeat\n\n');
      }
    } finally {
      stopping.removeEventListener('abort', onStopping);
      unsubscribe();
    }
  });
}
