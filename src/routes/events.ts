import { createRoute, z } from '@hono/zod-openapi';
import type { BotEvent, JsonObject } from '../domain/types.ts';
import { ADMIN_PROBLEMS, boundedJsonObject, EnvironmentSchema, pageOf, PageQuerySchema, problems } from '../http/schemas.ts';
import { isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { CATALOGUE_DESCRIPTION } from '../events/catalogue.ts';
import { BotIdParam, jsonBody, loadBot, ok, openApiApp, Timestamp } from './common.ts';

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const EventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_2bYcKe7hQ2mD0aZ1x8Lw' }),
    botId: z.string(),
    type: z.string().openapi({ example: 'lead.created' }),
    environment: EnvironmentSchema,
    createdAt: Timestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

const PublishSchema = z
  .object({
    type: z
      .string()
      .max(100)
      .regex(EVENT_TYPE, 'must be dotted lower-case words, e.g. lead.created')
      .openapi({ example: 'lead.created', description: `Any dotted type; the catalogue of what chatbot platforms and Hookgate publish:\n${CATALOGUE_DESCRIPTION}` }),
    data: boundedJsonObject.default({}),
    environment: EnvironmentSchema.default('production'),
  })
  .strict()
  .openapi('EventPublish');

export function eventRoutes() {
  const app = openApiApp();
  const botPath = { params: z.object({ botId: BotIdParam }) };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/events',
      tags: ['Events'],
      summary: 'Publish an event to the bot’s event stream',
      request: { ...botPath, body: jsonBody(PublishSchema) },
      responses: {
        202: ok(z.object({ id: z.string(), type: z.string() }).openapi('EventAccepted'), 'Stored durably'),
        ...problems(...ADMIN_PROBLEMS),
      },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const { type, data, environment } = c.req.valid('json');
      const event: BotEvent = {
        id: newId('evt'),
        botId: bot.id,
        type,
        environment,
        createdAt: isoTime(c.get('services').clock.now()),
        data: data as JsonObject,
      };
      await c.get('services').store.appendEvents(bot.id, [event]);
      return c.json({ id: event.id, type }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/events',
      tags: ['Events'],
      summary: 'The bot’s event stream, newest first',
      request: { ...botPath, query: PageQuerySchema },
      responses: { 200: ok(pageOf(EventSchema, 'EventPage'), 'A page of events'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const { limit, cursor } = c.req.valid('query');
      const page = await c.get('services').store.listEvents(bot.id, { limit, cursor });
      return c.json({ data: page.items, nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
