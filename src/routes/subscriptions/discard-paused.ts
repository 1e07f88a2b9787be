import { createRoute, z } from '@hono/zod-openapi';
import { releaseAllPaused } from '../../events/release-paused.ts';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';

const DiscardedSchema = z
  .object({ discarded: z.number().int().openapi({ example: 120 }) })
  .openapi('DiscardedDeliveries', { description: 'How many paused deliveries were discarded' });

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/subscriptions/{subscriptionId}/paused-deliveries/discard',
  operationId: 'discardPausedDeliveries',
  tags: ['Subscriptions'],
  summary: 'Discard the deliveries paused while the subscription was disabled',
  description:
    'Events published while a subscription is disabled wait as `paused` deliveries and are sent when it is enabled ' +
    'again. This closes them instead (status `discarded`, kept in the delivery log); it is logged and counted.',
  request: { params: SubscriptionPath },
  responses: { 200: ok(DiscardedSchema, 'How many were discarded'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerDiscardPausedDeliveries(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, subscriptionId } = c.req.valid('param');
    await loadSubscription(c, botId, subscriptionId);
    const discarded = await releaseAllPaused(c.get('services'), botId, subscriptionId, 'discard');
    return c.json({ discarded }, 200);
  });
}
