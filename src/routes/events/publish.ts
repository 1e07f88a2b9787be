import { createRoute } from '@hono/zod-openapi';
import type { BotEvent, JsonObject } from '../../domain/types.ts';
import { HOOKGATE_NAMESPACES, isHookgateEventType } from '../../events/catalogue.ts';
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
    'Event types of Hookgate’s own namespaces (`webhook.*`, `workflow.*`, `message.*` — `message.received` included —, ' +
    '`delivery.*`, `subscription.*`) are published by Hookgate alone and refused here (400 at `/type`), so a subscriber can ' +
    'trust them.',
  responses: { 202: ok(EventAcceptedSchema, 'Stored durably'), ...problems(...ADMIN_PROBLEMS) },
});

const OWN_TYPES = HOOKGATE_NAMESPACES.map((n) => `${n}.*`).join(', ');

export function registerPublishEvent(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { type, data, environment } = c.req.valid('json');
    if (isHookgateEventType(type)) {
      throw new ApiError('validation', `${type} is an event type of Hookgate’s own; publish events of your own types.`, {
        errors: [{ path: '/type', message: `${OWN_TYPES} are published by Hookgate alone` }],
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
    const trace = c.get('services').tracing.traceparent();
    if (trace !== undefined) event.trace = trace;
    await c.get('services').store.appendEvents(bot.id, [event]);
    return c.json({ id: event.id, type }, 202);
  });
}
