import { createRoute } from '@hono/zod-openapi';
import { pageRecords } from '../../http/paging.ts';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { ChannelSchema } from './schemas.ts';
import { channelView } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/channels',
  operationId: 'listChannels',
  tags: ['Channels'],
  summary: 'List the bot’s channel accounts (the "Select Channel" and "Select Account" choices)',
  description:
    'Each account with its channel, alias, whether it is active, its config (header values hidden) and the names of its credential fields.',
  request: { params: BotPath, query: PageQuerySchema },
  responses: {
    200: ok(pageOf(ChannelSchema, 'ChannelAccountPage'), 'A page of channel accounts, oldest first'),
    ...problems(...ADMIN_PROBLEMS),
  },
});

export function registerListChannels(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { limit, cursor } = c.req.valid('query');
    const page = pageRecords(await c.get('services').store.listChannels(bot.id), { limit, cursor });
    return c.json({ data: page.items.map(channelView), nextCursor: page.nextCursor }, 200);
  });
}
