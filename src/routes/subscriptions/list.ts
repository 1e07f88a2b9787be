import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath, FolderQuery } from '../params.ts';
import { SubscriptionSchema } from './schemas.ts';
import { subscriptionView } from './views.ts';

const SubscriptionListSchema = z.object({ data: z.array(SubscriptionSchema) }).openapi('SubscriptionList');

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/subscriptions',
  operationId: 'listSubscriptions',
  tags: ['Subscriptions'],
  summary: 'List the bot’s subscriptions',
  description:
    'Optionally only those of one folder (`folder`). Header, parameter and URL query values are write-only: names are shown, values never.',
  request: { params: BotPath, query: FolderQuery },
  responses: { 200: ok(SubscriptionListSchema, 'The subscriptions, oldest first'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListSubscriptions(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { folder } = c.req.valid('query');
    const all = await c.get('services').subscriptions.listSubscriptions(bot.id);
    return c.json({ data: all.filter((s) => folder === undefined || s.folder === folder).map(subscriptionView) }, 200);
  });
}
