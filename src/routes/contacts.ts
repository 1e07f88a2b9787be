import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, EnvironmentSchema, problems } from '../http/schemas.ts';
import { normalizeContactReference } from '../inbound/contact.ts';
import { BotIdParam, loadBot, notFound, ok, openApiApp, Timestamp } from './common.ts';

const ContactVariablesSchema = z
  .object({
    contact: z.string(),
    environment: EnvironmentSchema,
    variables: z.record(z.string(), z.unknown()),
    updatedAt: Timestamp,
  })
  .openapi('ContactVariables');

export function contactRoutes() {
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/contacts/{reference}/variables',
      tags: ['Contacts'],
      summary: 'A contact’s bot variables',
      description: 'Phone numbers may be given in any form the inbound calls accept (`+1 415-555-0123`).',
      request: {
        params: z.object({
          botId: BotIdParam,
          reference: z.string().min(1).max(256).openapi({ param: { name: 'reference', in: 'path' }, example: '+14155550123' }),
        }),
        query: z.object({
          environment: z
            .enum(['production', 'development'])
            .default('production')
            .openapi({ param: { name: 'environment', in: 'query' } }),
        }),
      },
      responses: { 200: ok(ContactVariablesSchema, 'The variables'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, reference } = c.req.valid('param');
      const { environment } = c.req.valid('query');
      const bot = await loadBot(c, botId);
      const { store } = c.get('services');
      // Stored under the normalised reference: try it as given, then as a phone number.
      const phone = normalizeContactReference('whatsapp', reference);
      const candidates = [reference, ...(phone.ok && phone.value !== reference ? [phone.value] : [])];
      for (const candidate of candidates) {
        const found = await store.getVariables(bot.id, environment, candidate);
        if (found) return c.json(found, 200);
      }
      throw notFound('contact');
    },
  );

  return app;
}
