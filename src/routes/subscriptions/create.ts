import { createRoute } from '@hono/zod-openapi';
import { subscriptionPlaceholderWarnings } from '../../events/placeholder-warnings.ts';
import { sealRequest } from '../../events/sealed-request.ts';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { Subscription } from '../../store/subscriptions.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { checkDestination, retrySchedule } from './checks.ts';
import { SubscriptionCreatedSchema, SubscriptionCreateSchema } from './schemas.ts';
import { newSecret } from './secret.ts';
import { subscriptionView } from './views.ts';

/** Subscriptions per bot (documented on the list and create routes). */
export const MAX_SUBSCRIPTIONS_PER_BOT = 100;

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/subscriptions',
  tags: ['Subscriptions'],
  summary: 'Subscribe an endpoint to the bot’s events',
  description: `The response holds the signing secret (\`whsec_…\`), shown this once. A bot has at most ${MAX_SUBSCRIPTIONS_PER_BOT} subscriptions (409 beyond).`,
  request: { params: BotPath, body: jsonBody(SubscriptionCreateSchema) },
  responses: { 201: ok(SubscriptionCreatedSchema, 'The subscription and its signing secret'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerCreateSubscription(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const bot = await loadBot(c, c.req.valid('param').botId);
    const body = c.req.valid('json');
    checkDestination(services, body, { urlGiven: true });
    if ((await services.subscriptions.listSubscriptions(bot.id)).length >= MAX_SUBSCRIPTIONS_PER_BOT) {
      throw new ApiError('conflict', `A bot can have at most ${MAX_SUBSCRIPTIONS_PER_BOT} subscriptions.`);
    }
    const now = isoTime(services.clock.now());
    const secret = newSecret();
    const subscription: Subscription = {
      id: newId('sub'),
      botId: bot.id,
      workspaceId: bot.workspaceId,
      name: body.name,
      description: body.description,
      folder: body.folder ?? null,
      ...(await sealRequest(services.secrets, body)),
      method: body.method,
      events: body.events,
      body: body.body,
      enabled: body.enabled,
      disabledReason: body.enabled ? null : 'manual',
      includeDevelopment: body.includeDevelopment,
      ordering: body.ordering,
      retry: { scheduleSeconds: retrySchedule(services, body.retry) },
      timeoutMs: body.timeoutMs,
      secrets: { current: await services.secrets.seal(secret), previous: null },
      createdAt: now,
      updatedAt: now,
    };
    await services.subscriptions.putSubscription(subscription);
    const warnings = subscriptionPlaceholderWarnings(body, body.events);
    return c.json({ ...subscriptionView(subscription), warnings, secret }, 201);
  });
}
