import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot, notFound } from '../loaders.ts';
import { storedForms } from './lookup.ts';
import { ChannelContactPath } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/bots/{botId}/contacts/{channel}/{reference}',
  operationId: 'deleteContact',
  tags: ['Contacts'],
  summary: 'Erase a contact’s stored variables (both environments)',
  description: 'Removes the contact’s production and development variables on that channel.',
  request: { params: ChannelContactPath },
  responses: { 204: { description: 'Erased' }, ...problems(...ADMIN_PROBLEMS) },
});

export function registerDeleteContact(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, channel, reference } = c.req.valid('param');
    const bot = await loadBot(c, botId);
    const { store } = c.get('services');
    let erased = false;
    for (const form of storedForms(channel, reference)) erased = (await store.deleteContact(bot.id, channel, form)) || erased;
    if (!erased) throw notFound('contact');
    return c.body(null, 204);
  });
}
