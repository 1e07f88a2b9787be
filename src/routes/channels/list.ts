import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { ChannelSchema } from './schemas.ts';
import { channelView } from './views.ts';

const ChannelListSchema = z.object({ data: z.array(ChannelSchema) }).openapi('ChannelAccountList');

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/channels',
  operationId: 'listChannels',
  tags: ['Channels'],
  summary: 'List the bot’s channel accounts (the "Select Channel" and "Select Account" choices)',
  description:
    'Each account with its channel, alias, whether it is active, its config (header values hidden) and the names of its credential fields.',
  request: { params: BotPath },
  responses: { 200: ok(ChannelListSchema, 'All channel accounts'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListChannels(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const all = await c.get('services').store.listChannels(bot.id);
    return c.json({ data: all.map(channelView) }, 200);
  });
}
