import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';

const route = createRoute({
  method: 'delete',
  path: '/bots/{botId}/subscriptions/{subscriptionId}',
  operationId: 'deleteSubscription',
  tags: ['Subscriptions'],
  summary: 'Delete a subscription',
  description: 'Answers 204 with no body.',
  request: { params: SubscriptionPath },
  responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS) },
});

export function registerDeleteSubscription(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, subscriptionId } = c.req.valid('param');
    await loadSubscription(c, botId, subscriptionId);
    await c.get('services').subscriptions.deleteSubscription(botId, subscriptionId);
    return c.body(null, 204);
  });
}
