import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { ContactListQuery, ContactVariablesSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/contacts',
  operationId: 'listContacts',
  tags: ['Contacts'],
  summary: 'Contacts with stored variables, in one environment, optionally of one channel',
  description: 'In no particular order; a page may hold fewer than `limit` contacts before the last one.',
  request: { params: BotPath, query: ContactListQuery },
  responses: { 200: ok(pageOf(ContactVariablesSchema, 'ContactPage'), 'A page of contacts'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListContacts(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { environment, channel, limit, cursor } = c.req.valid('query');
    const page = await c.get('services').store.listContacts(bot.id, environment, channel ?? null, { limit, cursor });
    return c.json({ data: page.items, nextCursor: page.nextCursor }, 200);
  });
}
