import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadDelivery } from '../loaders.ts';
import { DeliveryPath } from '../params.ts';
import { DeliverySchema } from './schemas.ts';
import { deliveryView } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}',
  operationId: 'getDelivery',
  tags: ['Subscriptions'],
  summary: 'One delivery with every attempt',
  description:
    'Each attempt with the request sent (secret headers redacted), the response status, headers and first 16 KiB, the duration and the error.',
  request: { params: DeliveryPath },
  responses: { 200: ok(DeliverySchema, 'The delivery'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerGetDelivery(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, subscriptionId, deliveryId } = c.req.valid('param');
    const { delivery } = await loadDelivery(c, botId, subscriptionId, deliveryId);
    return c.json(deliveryView(delivery), 200);
  });
}
