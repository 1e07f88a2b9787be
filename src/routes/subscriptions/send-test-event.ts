import { createRoute } from '@hono/zod-openapi';
import type { BotEvent, JsonObject } from '../../domain/types.ts';
import { EVENT_CATALOGUE } from '../../events/catalogue.ts';
import { sendEvent } from '../../events/sender.ts';
import { settle } from '../../events/settlement.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { Delivery } from '../../store/subscriptions.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';
import { DeliverySchema, TestEventSchema } from './schemas.ts';
import { deliveryView } from './views.ts';

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/subscriptions/{subscriptionId}/test',
  operationId: 'sendTestEvent',
  tags: ['Subscriptions'],
  summary: 'Send a sample event now and return the attempt',
  description: 'The event is not published to other subscriptions; the delivery is logged with trigger `test` and not retried.',
  request: { params: SubscriptionPath, body: jsonBody(TestEventSchema) },
  responses: { 200: ok(DeliverySchema, 'The delivery with its one attempt'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerSendTestEvent(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const { botId, subscriptionId } = c.req.valid('param');
    const subscription = await loadSubscription(c, botId, subscriptionId);
    const { type, data } = c.req.valid('json');
    const now = services.clock.now();
    const event: BotEvent = {
      id: newId('evt'),
      botId,
      type,
      environment: 'production',
      createdAt: isoTime(now),
      data: (data as JsonObject | undefined) ?? EVENT_CATALOGUE[type]?.sample ?? {},
    };
    const delivery: Delivery = {
      id: newId('dlv'),
      botId,
      subscriptionId,
      event,
      status: 'pending',
      attempts: [],
      nextAttemptAt: null,
      createdAt: isoTime(now),
      updatedAt: isoTime(now),
    };
    const outcome = await sendEvent(services, subscription, event);
    const settlement = settle(delivery, subscription, outcome, 'test', services.clock.now());
    const recorded = await services.subscriptions.recordManualAttempt(settlement, services.clock.now());
    return c.json(deliveryView(recorded!), 200);
  });
}
