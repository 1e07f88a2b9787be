import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import { normalizeContactReference } from '../../inbound/contact.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot, notFound } from '../loaders.ts';
import { ContactPath } from '../params.ts';
import { ContactVariablesQuery, ContactVariablesSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/contacts/{reference}/variables',
  tags: ['Contacts'],
  summary: 'A contact’s bot variables',
  description: 'Phone numbers may be given in any form the inbound calls accept (`+1 415-555-0123`).',
  request: { params: ContactPath, query: ContactVariablesQuery },
  responses: { 200: ok(ContactVariablesSchema, 'The variables'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerGetContactVariables(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, reference } = c.req.valid('param');
    const { environment } = c.req.valid('query');
    const bot = await loadBot(c, botId);
    const { store } = c.get('services');
    // Stored under the normalised reference: try it as given, then as a phone number.
    const phone = normalizeContactReference('whatsapp', reference.startsWith('+') ? reference : `+${reference.trim()}`);
    const candidates = [reference, ...(phone.ok && phone.value !== reference ? [phone.value] : [])];
    for (const candidate of candidates) {
      const found = await store.getVariables(bot.id, environment, candidate);
      if (found) return c.json(found, 200);
    }
    throw notFound('contact');
  });
}
