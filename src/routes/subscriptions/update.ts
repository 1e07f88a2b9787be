import { createRoute } from '@hono/zod-openapi';
import { subscriptionPlaceholderWarnings } from '../../events/placeholder-warnings.ts';
import { releaseAllPaused } from '../../events/release-paused.ts';
import { openRequest, sealRequest } from '../../events/sealed-request.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { nextUpdatedAt } from '../../lib/clock.ts';
import type { Subscription } from '../../store/subscriptions.ts';
import type { OpenApiApp } from '../common.ts';
import { loadSubscription } from '../loaders.ts';
import { SubscriptionPath } from '../params.ts';
import { checkDestination, retrySchedule } from './checks.ts';
import { saveSubscription } from './save.ts';
import { SubscriptionPatchSchema, SubscriptionUpdatedSchema } from './schemas.ts';
import { subscriptionView } from './views.ts';

const route = createRoute({
  method: 'patch',
  path: '/bots/{botId}/subscriptions/{subscriptionId}',
  tags: ['Subscriptions'],
  summary: 'Update a subscription (the on/off toggle, folder, templates, retries…)',
  description:
    'Enabling a subscription that was disabled (by hand, by a 410, or by the circuit breaker) ' +
    'clears the reason and the circuit breaker’s count of consecutive failures, and sends the deliveries paused ' +
    'while it was disabled (discard them first with `POST …/paused-deliveries/discard` if they are not wanted).',
  request: { params: SubscriptionPath, body: jsonBody(SubscriptionPatchSchema) },
  responses: {
    200: ok(SubscriptionUpdatedSchema, 'The updated subscription, with warnings about its templates'),
    ...problems(...ADMIN_PROBLEMS, 409),
  },
});

export function registerUpdateSubscription(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const { botId, subscriptionId } = c.req.valid('param');
    const current = await loadSubscription(c, botId, subscriptionId);
    const patch = c.req.valid('json');
    const { retry, folder, url, headers, params, ...rest } = patch;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<Subscription>;
    const enabled = patch.enabled ?? current.enabled;
    // The write-only parts as configured, with the patch's in their place; sealed again (so a record stored in clear is sealed now).
    const configured = await openRequest(services.secrets, current);
    const request = { url: url ?? configured.url, headers: headers ?? configured.headers, params: params ?? configured.params };
    const updated: Subscription = {
      ...current,
      ...defined,
      ...(await sealRequest(services.secrets, request)),
      folder: folder === undefined ? current.folder : folder,
      retry: retry ? { scheduleSeconds: retrySchedule(services, retry) } : current.retry,
      enabled,
      disabledReason: enabled ? null : patch.enabled === false ? 'manual' : current.disabledReason,
      updatedAt: nextUpdatedAt(current.updatedAt, services.clock.now()),
    };
    checkDestination(services, { ...updated, ...request }, { urlGiven: url !== undefined });
    await saveSubscription(services, updated, current.updatedAt);
    // Re-enabled (by hand, after a 410 or the circuit breaker): the breaker counts afresh.
    if (enabled && !current.enabled) await services.subscriptions.resetFailures(botId, subscriptionId);
    // Enabled: what waited while it was off goes out now. Also on an enabled one, to finish a
    // resumption cut short (a crash between the two writes).
    if (enabled) await releaseAllPaused(services, botId, subscriptionId, 'resume');
    const deadLettered = await services.subscriptions.deadLetterCounts(botId);
    const warnings = subscriptionPlaceholderWarnings({ ...updated, ...request }, updated.events);
    return c.json({ ...subscriptionView(updated, deadLettered.get(subscriptionId)), warnings }, 200);
  });
}
