import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import { isoTime, nextUpdatedAt } from '../../lib/clock.ts';
import type { Subscription } from '../../store/subscriptions.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';
import { saveSubscription } from './save.ts';
import { RotatedSecretSchema } from './schemas.ts';
import { newSecret } from './secret.ts';

/** How long the previous secret keeps signing after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/subscriptions/{subscriptionId}/rotate-secret',
  operationId: 'rotateSubscriptionSecret',
  tags: ['Subscriptions'],
  summary: 'New signing secret; the old one keeps signing alongside for 24 h',
  description: 'The response holds the new `whsec_…` secret, shown this once; for 24 h requests carry a signature with each secret.',
  request: { params: SubscriptionPath },
  responses: { 200: ok(RotatedSecretSchema, 'The new secret, shown this once'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerRotateSubscriptionSecret(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const { botId, subscriptionId } = c.req.valid('param');
    const current = await loadSubscription(c, botId, subscriptionId);
    const now = services.clock.now();
    const secret = newSecret();
    const expiresAt = now + ROTATION_OVERLAP_MS;
    const rotated: Subscription = {
      ...current,
      secrets: { current: await services.secrets.seal(secret), previous: { secret: current.secrets.current, expiresAt } },
      updatedAt: nextUpdatedAt(current.updatedAt, now),
    };
    await saveSubscription(services, rotated, current.updatedAt);
    return c.json({ secret, previousSecretExpiresAt: isoTime(expiresAt) }, 200);
  });
}
