import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';
import { DeliverySchema } from './schemas.ts';
import { deliveryView } from './views.ts';

const DeliveryQuerySchema = PageQuerySchema.extend({
  status: z
    .enum(['pending', 'paused', 'succeeded', 'failed', 'discarded', 'dead-lettered'])
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
});

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/subscriptions/{subscriptionId}/deliveries',
  tags: ['Subscriptions'],
  summary: 'Deliveries, newest first, with every attempt',
  request: { params: SubscriptionPath, query: DeliveryQuerySchema },
  responses: { 200: ok(pageOf(DeliverySchema, 'DeliveryPage'), 'A page of deliveries'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListDeliveries(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, subscriptionId } = c.req.valid('param');
    await loadSubscription(c, botId, subscriptionId);
    const { limit, cursor, status } = c.req.valid('query');
    const page = await c.get('services').subscriptions.listDeliveries(botId, subscriptionId, { limit, cursor, status });
    return c.json({ data: page.items.map(deliveryView), nextCursor: page.nextCursor }, 200);
  });
}
