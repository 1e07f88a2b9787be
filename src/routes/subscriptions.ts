import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { randomBytes } from 'node:crypto';
import type { BotEvent, JsonObject } from '../domain/types.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, type FieldError } from '../http/errors.ts';
import { ADMIN_PROBLEMS, PageQuerySchema, pageOf, problems } from '../http/schemas.ts';
import { isoTime, nextUpdatedAt } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { HttpRequestError } from '../net/http-client.ts';
import { EVENT_CATALOGUE } from '../events/catalogue.ts';
import { checkRequestTemplate } from '../events/request-template.ts';
import { sendEvent } from '../events/sender.ts';
import { settle } from '../events/settlement.ts';
import type { Services } from '../services.ts';
import type { Delivery, Subscription } from '../store/subscriptions.ts';
import { BotIdParam, jsonBody, loadBot, notFound, ok, openApiApp } from './common.ts';
import {
  DeliverySchema,
  RotatedSecretSchema,
  SubscriptionCreatedSchema,
  SubscriptionCreateSchema,
  SubscriptionPatchSchema,
  SubscriptionSchema,
  TestEventSchema,
} from './subscription-schemas.ts';

/** How long the previous secret keeps signing after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
const MAX_SUBSCRIPTIONS_PER_BOT = 100;

const SubscriptionIdParam = z.string().max(64).openapi({ param: { name: 'subscriptionId', in: 'path' }, example: 'sub_4cTMd9fQ0aZ1x8Lw2bYc' });
const DeliveryIdParam = z.string().max(64).openapi({ param: { name: 'deliveryId', in: 'path' }, example: 'dlv_8hQ2mD0aZ1x8Lw2bYcKe' });

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function subscriptionView(s: Subscription) {
  const { secrets, workspaceId: _ws, retry, ...rest } = s;
  return {
    ...rest,
    retry: { maxAttempts: retry.scheduleSeconds.length + 1, scheduleSeconds: retry.scheduleSeconds },
    secretRotation: secrets.previous ? { previousSecretExpiresAt: isoTime(secrets.previous.expiresAt) } : null,
  };
}

function deliveryView(d: Delivery) {
  const { botId: _bot, event, ...rest } = d;
  return { ...rest, event: { id: event.id, type: event.type, environment: event.environment, createdAt: event.createdAt, data: event.data } };
}

/** The retry schedule from `{ maxAttempts, scheduleSeconds }`, either or both given. */
function retrySchedule(services: Services, retry: { maxAttempts?: number | undefined; scheduleSeconds?: number[] | undefined } | undefined): number[] {
  const schedule = retry?.scheduleSeconds ?? services.config.retryScheduleSeconds;
  if (retry?.maxAttempts === undefined) return schedule;
  const retries = retry.maxAttempts - 1;
  if (retries <= schedule.length) return schedule.slice(0, retries);
  if (retry.scheduleSeconds) {
    throw new ApiError('validation', 'maxAttempts asks for more retries than scheduleSeconds lists.', {
      errors: [{ path: '/retry/maxAttempts', message: `at most ${schedule.length + 1} with this schedule` }],
    });
  }
  // More attempts than the default schedule: repeat its last delay.
  return [...schedule, ...Array.from({ length: retries - schedule.length }, () => schedule.at(-1) ?? 60)];
}

/** Destination and template checks that need the service: a literal private address is refused now. */
function checkDestination(services: Services, s: Pick<Subscription, 'url' | 'method' | 'headers' | 'params' | 'body'>): void {
  const errors: FieldError[] = [...checkRequestTemplate(s)];
  try {
    services.http.checkUrl(s.url.replace(/\{\{[^}]*\}\}/g, 'x'));
  } catch (err) {
    if (!(err instanceof HttpRequestError)) throw err;
    errors.push({ path: '/url', message: err.code === 'blocked_destination' ? `${err.message}; set HOOKGATE_ALLOW_PRIVATE_NETWORK=true to allow it` : err.message });
  }
  if (errors.length) throw new ApiError('validation', 'The subscription cannot be delivered as given.', { errors });
}

async function loadSubscription(c: Context<AppEnv>, botId: string, id: string): Promise<Subscription> {
  await loadBot(c, botId);
  const s = await c.get('services').subscriptions.getSubscription(botId, id);
  if (!s) throw notFound('subscription');
  return s;
}

export function subscriptionRoutes() {
  const app = openApiApp();
  const botPath = { params: z.object({ botId: BotIdParam }) };
  const subPath = { params: z.object({ botId: BotIdParam, subscriptionId: SubscriptionIdParam }) };
  const deliveryPath = { params: z.object({ botId: BotIdParam, subscriptionId: SubscriptionIdParam, deliveryId: DeliveryIdParam }) };
  const tags = ['Subscriptions'];

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/subscriptions',
      tags,
      summary: 'Subscribe an endpoint to the bot’s events',
      description: 'The response holds the signing secret (`whsec_…`), shown this once.',
      request: { ...botPath, body: jsonBody(SubscriptionCreateSchema) },
      responses: { 201: ok(SubscriptionCreatedSchema, 'The subscription and its signing secret'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const services = c.get('services');
      const bot = await loadBot(c, c.req.valid('param').botId);
      const body = c.req.valid('json');
      checkDestination(services, body);
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
        folder: body.folder ?? null,
        url: body.url,
        method: body.method,
        events: body.events,
        headers: body.headers,
        params: body.params,
        body: body.body,
        enabled: body.enabled,
        disabledReason: body.enabled ? null : 'manual',
        includeDevelopment: body.includeDevelopment,
        retry: { scheduleSeconds: retrySchedule(services, body.retry) },
        timeoutMs: body.timeoutMs,
        secrets: { current: await services.secrets.seal(secret), previous: null },
        createdAt: now,
        updatedAt: now,
      };
      await services.subscriptions.putSubscription(subscription);
      return c.json({ ...subscriptionView(subscription), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/subscriptions',
      tags,
      summary: 'List the bot’s subscriptions',
      request: { ...botPath, query: z.object({ folder: z.string().max(100).optional().openapi({ param: { name: 'folder', in: 'query' } }) }) },
      responses: { 200: ok(z.object({ data: z.array(SubscriptionSchema) }).openapi('SubscriptionList'), 'The subscriptions, oldest first'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const { folder } = c.req.valid('query');
      const all = await c.get('services').subscriptions.listSubscriptions(bot.id);
      return c.json({ data: all.filter((s) => folder === undefined || s.folder === folder).map(subscriptionView) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/bots/{botId}/subscriptions/{subscriptionId}', tags, summary: 'Get a subscription', request: subPath, responses: { 200: ok(SubscriptionSchema, 'The subscription'), ...problems(...ADMIN_PROBLEMS) } }),
    async (c) => {
      const { botId, subscriptionId } = c.req.valid('param');
      return c.json(subscriptionView(await loadSubscription(c, botId, subscriptionId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/bots/{botId}/subscriptions/{subscriptionId}',
      tags,
      summary: 'Update a subscription (the on/off toggle, folder, templates, retries…)',
      description: 'Enabling a subscription that was disabled (by hand, by a 410, or by the circuit breaker) clears the reason and the circuit breaker’s count of consecutive failures.',
      request: { ...subPath, body: jsonBody(SubscriptionPatchSchema) },
      responses: { 200: ok(SubscriptionSchema, 'The updated subscription'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const services = c.get('services');
      const { botId, subscriptionId } = c.req.valid('param');
      const current = await loadSubscription(c, botId, subscriptionId);
      const patch = c.req.valid('json');
      const { retry, folder, ...rest } = patch;
      const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<Subscription>;
      const enabled = patch.enabled ?? current.enabled;
      const updated: Subscription = {
        ...current,
        ...defined,
        folder: folder === undefined ? current.folder : folder,
        retry: retry ? { scheduleSeconds: retrySchedule(services, retry) } : current.retry,
        enabled,
        disabledReason: enabled ? null : patch.enabled === false ? 'manual' : current.disabledReason,
        updatedAt: nextUpdatedAt(current.updatedAt, services.clock.now()),
      };
      checkDestination(services, updated);
      await saveSubscription(services, updated, current.updatedAt);
      // Re-enabled (by hand, after a 410 or the circuit breaker): the breaker counts afresh.
      if (enabled && !current.enabled) await services.subscriptions.resetFailures(botId, subscriptionId);
      return c.json(subscriptionView(updated), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/bots/{botId}/subscriptions/{subscriptionId}', tags, summary: 'Delete a subscription', request: subPath, responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS) } }),
    async (c) => {
      const { botId, subscriptionId } = c.req.valid('param');
      await loadSubscription(c, botId, subscriptionId);
      await c.get('services').subscriptions.deleteSubscription(botId, subscriptionId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/subscriptions/{subscriptionId}/rotate-secret',
      tags,
      summary: 'New signing secret; the old one keeps signing alongside for 24 h',
      request: subPath,
      responses: { 200: ok(RotatedSecretSchema, 'The new secret, shown this once'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
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
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/subscriptions/{subscriptionId}/test',
      tags,
      summary: 'Send a sample event now and return the attempt',
      description: 'The event is not published to other subscriptions; the delivery is logged with trigger `test` and not retried.',
      request: { ...subPath, body: jsonBody(TestEventSchema) },
      responses: { 200: ok(DeliverySchema, 'The delivery with its one attempt'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const services = c.get('services');
      const { botId, subscriptionId } = c.req.valid('param');
      const subscription = await loadSubscription(c, botId, subscriptionId);
      const { type, data } = c.req.valid('json');
      const now = services.clock.now();
      const event: BotEvent = {
        id: newId('evt'),
        botId,
        type,
        environment: 'production',
        createdAt: isoTime(now),
        data: (data as JsonObject | undefined) ?? EVENT_CATALOGUE[type]?.sample ?? {},
      };
      const delivery: Delivery = { id: newId('dlv'), botId, subscriptionId, event, status: 'pending', attempts: [], nextAttemptAt: null, createdAt: isoTime(now), updatedAt: isoTime(now) };
      const outcome = await sendEvent(senderDeps(services), subscription, event);
      const recorded = await services.subscriptions.recordManualAttempt(settle(delivery, subscription, outcome, 'test', services.clock.now()), services.clock.now());
      return c.json(deliveryView(recorded!), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/subscriptions/{subscriptionId}/deliveries',
      tags,
      summary: 'Deliveries, newest first, with every attempt',
      request: {
        ...subPath,
        query: PageQuerySchema.extend({
          status: z.enum(['pending', 'succeeded', 'failed']).optional().openapi({ param: { name: 'status', in: 'query' } }),
        }),
      },
      responses: { 200: ok(pageOf(DeliverySchema, 'DeliveryPage'), 'A page of deliveries'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, subscriptionId } = c.req.valid('param');
      await loadSubscription(c, botId, subscriptionId);
      const { limit, cursor, status } = c.req.valid('query');
      const page = await c.get('services').subscriptions.listDeliveries(botId, subscriptionId, { limit, cursor, status });
      return c.json({ data: page.items.map(deliveryView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}',
      tags,
      summary: 'One delivery with every attempt',
      request: deliveryPath,
      responses: { 200: ok(DeliverySchema, 'The delivery'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, subscriptionId, deliveryId } = c.req.valid('param');
      await loadSubscription(c, botId, subscriptionId);
      const delivery = await c.get('services').subscriptions.getDelivery(botId, deliveryId);
      if (!delivery || delivery.subscriptionId !== subscriptionId) throw notFound('delivery');
      return c.json(deliveryView(delivery), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}/retry',
      tags,
      summary: 'Send a delivery again now (succeeded, failed or waiting for a retry)',
      description: 'The attempt is logged with trigger `manual`. A failed manual attempt of a delivery still on its schedule keeps that schedule.',
      request: deliveryPath,
      responses: { 200: ok(DeliverySchema, 'The delivery with the new attempt'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const services = c.get('services');
      const { botId, subscriptionId, deliveryId } = c.req.valid('param');
      const subscription = await loadSubscription(c, botId, subscriptionId);
      const stored = await services.subscriptions.getDelivery(botId, deliveryId);
      if (!stored || stored.subscriptionId !== subscriptionId) throw notFound('delivery');
      // Lease it first, so a worker cannot send it at the same time (nor this attempt twice).
      const lease = await services.subscriptions.claimDelivery(botId, deliveryId, services.clock.now(), subscription.timeoutMs + 30_000);
      if (!lease) throw new ApiError('conflict', 'A worker is sending this delivery right now; try again in a moment.');
      const outcome = await sendEvent(senderDeps(services), subscription, lease.delivery.event);
      const now = services.clock.now();
      const settlement = settle(lease.delivery, subscription, outcome, 'manual', now);
      await services.subscriptions.settleDelivery(lease, settlement, now);
      return c.json(deliveryView(settlement.delivery), 200);
    },
  );

  return app;
}

function senderDeps(services: Services) {
  return { http: services.http, clock: services.clock, secrets: services.secrets };
}

/** Saves an edit unless the subscription changed since it was read (409: the caller retries on fresh data). */
async function saveSubscription(services: Services, updated: Subscription, readUpdatedAt: string): Promise<void> {
  if (!(await services.subscriptions.updateSubscription(updated, readUpdatedAt))) {
    throw new ApiError('conflict', 'The subscription changed while this request was handled (another edit, a rotation, or a worker disabling it); send it again.');
  }
}
