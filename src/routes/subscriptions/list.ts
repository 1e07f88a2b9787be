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
  tags: ['Subscriptions'],
  summary: 'List the bot’s subscriptions',
  request: { params: BotPath, query: FolderQuery },
  responses: { 200: ok(SubscriptionListSchema, 'The subscriptions, oldest first'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListSubscriptions(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { folder } = c.req.valid('query');
    const { subscriptions } = c.get('services');
    const [all, deadLettered] = await Promise.all([subscriptions.listSubscriptions(bot.id), subscriptions.deadLetterCounts(bot.id)]);
    const shown = all.filter((s) => folder === undefined || s.folder === folder);
    return c.json({ data: shown.map((s) => subscriptionView(s, deadLettered.get(s.id))) }, 200);
  });
}
