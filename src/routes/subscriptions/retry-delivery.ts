import { createRoute } from '@hono/zod-openapi';
import { sendEvent } from '../../events/sender.ts';
import { settle } from '../../events/settlement.ts';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadDelivery } from '../loaders.ts';
import { DeliveryPath } from '../params.ts';
import { DeliverySchema } from './schemas.ts';
import { deliveryView } from './views.ts';

/** How much longer than the endpoint's own timeout a manual send holds its lease. */
const LEASE_MARGIN_MS = 30_000;

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}/retry',
  operationId: 'retryDelivery',
  tags: ['Subscriptions'],
  summary: 'Send a delivery again now (succeeded, failed or waiting for a retry)',
  description:
    'The attempt is logged with trigger `manual`. ' + 'A failed manual attempt of a delivery still on its schedule keeps that schedule.',
  request: { params: DeliveryPath },
  responses: { 200: ok(DeliverySchema, 'The delivery with the new attempt'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerRetryDelivery(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const { botId, subscriptionId, deliveryId } = c.req.valid('param');
    const { subscription } = await loadDelivery(c, botId, subscriptionId, deliveryId);
    // Lease it first, so a worker cannot send it at the same time (nor this attempt twice).
    const leaseMs = subscription.timeoutMs + LEASE_MARGIN_MS;
    const lease = await services.subscriptions.claimDelivery(botId, deliveryId, services.clock.now(), leaseMs);
    if (!lease) throw new ApiError('conflict', 'A worker is sending this delivery right now; try again in a moment.');
    const outcome = await sendEvent(services, subscription, lease.delivery.event);
    const now = services.clock.now();
    const settlement = settle(lease.delivery, subscription, outcome, 'manual', now);
    await services.subscriptions.settleDelivery(lease, settlement, now);
    return c.json(deliveryView(settlement.delivery), 200);
  });
}
