import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { EventSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/events',
  operationId: 'listEvents',
  tags: ['Events'],
  summary: 'The bot’s event stream, newest first',
  description:
    'Cursor-paged: the events published with `publishEvent` and those Hookgate publishes itself (`webhook.received`, `message.sent`, …).',
  request: { params: BotPath, query: PageQuerySchema },
  responses: { 200: ok(pageOf(EventSchema, 'EventPage'), 'A page of events'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListEvents(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { limit, cursor } = c.req.valid('query');
    const page = await c.get('services').store.listEvents(bot.id, { limit, cursor });
    // An event's stored traceparent is internal.
    const data = page.items.map(({ trace: _trace, ...event }) => event);
    return c.json({ data, nextCursor: page.nextCursor }, 200);
  });
}
