import { createRoute } from '@hono/zod-openapi';
import type { BotEvent, JsonObject } from '../../domain/types.ts';
import { EVENT_CATALOGUE } from '../../events/catalogue.ts';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { EventAcceptedSchema, PublishSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/events',
  operationId: 'publishEvent',
  tags: ['Events'],
  summary: 'Publish an event to the bot’s event stream',
  request: { params: BotPath, body: jsonBody(PublishSchema) },
  description:
    'Event types of Hookgate’s own (`webhook.*`, `workflow.*`, `message.*`, `delivery.*`, `subscription.*`) are published by ' +
    'Hookgate alone and refused here (400), so a subscriber can trust them; `message.received`, the platform’s, is accepted.',
  responses: { 202: ok(EventAcceptedSchema, 'Stored durably'), ...problems(...ADMIN_PROBLEMS) },
});

/** Namespaces of the event types Hookgate publishes itself (src/events/catalogue.ts). */
const OWN_NAMESPACE = /^(webhook|workflow|message|delivery|subscription)\./i;

/** True for a type in Hookgate's namespaces, but the ones the catalogue documents as the platform's (`message.received`). */
function isOwnEventType(type: string): boolean {
  if (!OWN_NAMESPACE.test(type)) return false;
  const documented = Object.hasOwn(EVENT_CATALOGUE, type) ? EVENT_CATALOGUE[type] : undefined;
  return documented === undefined || documented.description.startsWith('Hookgate');
}

export function registerPublishEvent(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { type, data, environment } = c.req.valid('json');
    if (isOwnEventType(type)) {
      throw new ApiError('validation', `${type} is an event type of Hookgate’s own; publish events of your own types.`, {
        errors: [
          { path: '/type', message: 'webhook.*, workflow.*, message.*, delivery.* and subscription.* are published by Hookgate alone' },
        ],
      });
    }
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
  });
}
