import { createRoute } from '@hono/zod-openapi';
import { pageRecords } from '../../http/paging.ts';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath, FolderQuery } from '../params.ts';
import { MAX_SUBSCRIPTIONS_PER_BOT } from './create.ts';
import { SubscriptionSchema } from './schemas.ts';
import { subscriptionView } from './views.ts';

const SubscriptionListQuery = PageQuerySchema.extend(FolderQuery.shape);

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/subscriptions',
  tags: ['Subscriptions'],
  summary: 'List the bot’s subscriptions',
  description: `Oldest first, paged (\`limit\`, \`cursor\`). A bot has at most ${MAX_SUBSCRIPTIONS_PER_BOT} subscriptions.`,
  request: { params: BotPath, query: SubscriptionListQuery },
  responses: {
    200: ok(pageOf(SubscriptionSchema, 'SubscriptionPage'), 'A page of subscriptions, oldest first'),
    ...problems(...ADMIN_PROBLEMS),
  },
});

export function registerListSubscriptions(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { folder, limit, cursor } = c.req.valid('query');
    const { subscriptions } = c.get('services');
    const [all, deadLettered] = await Promise.all([subscriptions.listSubscriptions(bot.id), subscriptions.deadLetterCounts(bot.id)]);
    const page = pageRecords(folder === undefined ? all : all.filter((s) => s.folder === folder), { limit, cursor });
    return c.json({ data: page.items.map((s) => subscriptionView(s, deadLettered.get(s.id))), nextCursor: page.nextCursor }, 200);
  });
}
