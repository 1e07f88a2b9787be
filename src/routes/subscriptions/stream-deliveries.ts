import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import { CHANGE_BATCH, type ChangeMessage, resumeId, streamChanges } from '../change-stream.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';
import { deliveryView } from './views.ts';

const PATH = '/bots/{botId}/subscriptions/{subscriptionId}/deliveries/stream';

/** Documented with registerPath: an event stream has no response schema for `app.openapi` to check. */
export function registerStreamSubscriptionDeliveries(app: OpenApiApp): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: PATH,
    operationId: 'streamSubscriptionDeliveries',
    tags: ['Subscriptions'],
    summary: 'The subscription’s deliveries live, as Server-Sent Events',
    description:
      'Each message is `event: delivery` whose `data` is one Delivery exactly as an item of `GET …/deliveries`, as it stands ' +
      'when sent: on its creation and after each attempt or change of state (a test event, a retry, a resume or discard ' +
      'included): upsert by `id`. `id` is opaque; reconnecting with `Last-Event-ID` resumes right after it (nothing lost among ' +
      'the last 10,000 changes kept). Without it, only what happens from now on. Comment lines are heartbeats. Admin token ' +
      '(read scope is enough) in the Authorization header.',
    request: {
      params: SubscriptionPath,
      headers: z.object({
        'last-event-id': z.string().optional().openapi({ description: 'The `id` of the last message received' }),
      }),
    },
    responses: {
      200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...problems(...ADMIN_PROBLEMS),
    },
  });
  app.get('/bots/:botId/subscriptions/:subscriptionId/deliveries/stream', openDeliveryStream);
}

async function openDeliveryStream(c: Context<AppEnv>): Promise<Response> {
  const botId = c.req.param('botId')!;
  const subscriptionId = c.req.param('subscriptionId')!;
  await loadSubscription(c, botId, subscriptionId);
  const resume = resumeId(c);
  const { subscriptions } = c.get('services');
  const start = resume ?? (await subscriptions.lastDeliveryChange(botId, subscriptionId));
  return streamChanges(c, 'delivery', start, async (after): Promise<ChangeMessage[]> => {
    const changes = await subscriptions.deliveryChanges(botId, subscriptionId, after, CHANGE_BATCH);
    // Each delivery is shown as it stands now, once per read: at its latest change in the batch.
    const latest = new Map(changes.map((change, index) => [change.deliveryId, index]));
    const ids = [...latest.keys()];
    const found = await Promise.all(ids.map((id) => subscriptions.getDelivery(botId, id)));
    const current = new Map(ids.map((id, i) => [id, found[i]]));
    return changes.map((change, index) => {
      const delivery = latest.get(change.deliveryId) === index ? current.get(change.deliveryId) : null;
      const shown = delivery && delivery.subscriptionId === subscriptionId ? JSON.stringify(deliveryView(delivery)) : null;
      return { id: change.id, data: shown };
    });
  });
}
