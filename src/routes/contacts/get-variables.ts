import { createRoute } from '@hono/zod-openapi';
import { CHANNELS } from '../../domain/types.ts';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { ContactVariables } from '../../store/store.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot, notFound } from '../loaders.ts';
import { ContactPath } from '../params.ts';
import { storedForms } from './lookup.ts';
import { ChannelContactPath, ContactVariablesQuery, ContactVariablesSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/contacts/{channel}/{reference}/variables',
  operationId: 'getContactVariables',
  tags: ['Contacts'],
  summary: 'A contact’s bot variables',
  description: 'Phone numbers may be given in any form the inbound calls accept (`+1 415-555-0123`).',
  request: { params: ChannelContactPath, query: ContactVariablesQuery },
  responses: { 200: ok(ContactVariablesSchema, 'The variables'), ...problems(...ADMIN_PROBLEMS) },
});

const anyChannelRoute = createRoute({
  method: 'get',
  path: '/bots/{botId}/contacts/{reference}/variables',
  operationId: 'findContactVariables',
  tags: ['Contacts'],
  summary: 'A contact’s bot variables, found on whichever channel has the reference',
  description: 'Kept for existing clients; 409 when more than one channel has a contact with this reference.',
  deprecated: true,
  request: { params: ContactPath, query: ContactVariablesQuery },
  responses: { 200: ok(ContactVariablesSchema, 'The variables'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerGetContactVariables(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, channel, reference } = c.req.valid('param');
    const { environment } = c.req.valid('query');
    const bot = await loadBot(c, botId);
    const { store } = c.get('services');
    for (const form of storedForms(channel, reference)) {
      const found = await store.getVariables(bot.id, environment, channel, form);
      if (found) return c.json(found, 200);
    }
    throw notFound('contact');
  });

  app.openapi(anyChannelRoute, async (c) => {
    const { botId, reference } = c.req.valid('param');
    const { environment } = c.req.valid('query');
    const bot = await loadBot(c, botId);
    const { store } = c.get('services');
    const found: ContactVariables[] = [];
    for (const channel of CHANNELS) {
      for (const form of storedForms(channel, reference)) {
        const variables = await store.getVariables(bot.id, environment, channel, form);
        if (variables) {
          found.push(variables);
          break;
        }
      }
    }
    if (found.length > 1) {
      const channels = found.map((f) => f.channel).join(', ');
      throw new ApiError('conflict', `Contacts on several channels (${channels}) have this reference; name the channel in the path.`);
    }
    if (found[0]) return c.json(found[0], 200);
    throw notFound('contact');
  });
}
