import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';
import { SubscriptionSchema } from './schemas.ts';
import { subscriptionView } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/subscriptions/{subscriptionId}',
  tags: ['Subscriptions'],
  summary: 'Get a subscription',
  request: { params: SubscriptionPath },
  responses: { 200: ok(SubscriptionSchema, 'The subscription'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerGetSubscription(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, subscriptionId } = c.req.valid('param');
    const subscription = await loadSubscription(c, botId, subscriptionId);
    const deadLettered = await c.get('services').subscriptions.deadLetterCounts(botId);
    return c.json(subscriptionView(subscription, deadLettered.get(subscriptionId)), 200);
  });
}
