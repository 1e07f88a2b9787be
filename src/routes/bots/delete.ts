import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';

const route = createRoute({
  method: 'delete',
  path: '/bots/{botId}',
  operationId: 'deleteBot',
  tags: ['Bots'],
  summary: 'Delete a bot with its channels, webhooks, variables and logs',
  description:
    'Takes effect at once: from then on its webhooks and admin routes answer 404 and none of its queued replies or deliveries is sent. Its data is removed in the background.',
  request: { params: BotPath },
  responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS) },
});

export function registerDeleteBot(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    await c.get('services').store.deleteBot(bot.id);
    return c.body(null, 204);
  });
}
