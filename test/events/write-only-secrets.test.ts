/**
 * Subscription header values, parameter values and URL query values are write-only: stored sealed,
 * never returned (names and `set: true`), sent as configured, and redacted by value from delivery
 * logs — also for a header whose name does not look secret (`X-Auth`). Records stored before
 * sealing (values in clear) keep working and are never shown either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoTime } from '../../src/lib/clock.ts';
import type { Subscription } from '../../src/store/subscriptions.ts';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { createBot, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';

const X_AUTH = 'xauth-4f1c9e2b7a6d';
const API_KEY = 'param-9c8b7a6d5e4f';
const QUERY_TOKEN = 'query-1a2b3c4d5e6f';
const SECRETS = [X_AUTH, API_KEY, QUERY_TOKEN];

function expectNoSecret(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }
}

describe.each(['redis', 'memory'] as const)('write-only subscription secrets (%s store)', (store) => {
  let t: TestApp;
  let receiver: Receiver;
  let reader: Api;

  beforeAll(async () => {
    t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1' } });
    t.startWorkers();
    receiver = await Receiver.start();
    // The receiver echoes what it got, in its body and a header: the log must not show it either.
    receiver.answerWith((req) => ({
      status: 500,
      headers: { 'x-echo': String(req.headers['x-auth']), 'content-type': 'text/plain' },
      body: `got ${req.headers['x-auth']} at ${req.path}?${req.query} (${Buffer.from(String(req.headers['x-auth'])).toString('base64')})`,
    }));
    reader = t.api.withToken(await t.token('ws1', 'read'));
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('sends the values, and shows a read token (and an admin token) names only, in every view and log', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, {
      url: `${receiver.url()}?token=${QUERY_TOKEN}&tenant=acme`,
      events: ['lead.*'],
      headers: { 'X-Auth': X_AUTH, 'Content-Type': 'application/json' },
      params: { api_key: API_KEY },
    });
    expectNoSecret(sub);
    expect(sub.headers).toEqual({ 'X-Auth': { set: true }, 'Content-Type': { set: true } });
    expect(sub.params).toEqual({ api_key: { set: true } });
    expect(sub.url).toBe(`${receiver.url()}?token=***&tenant=***`);

    const eventId = await publish(t.api, botId, 'lead.created', { contact: { id: 'c1' } });
    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId, 20_000);
    const got = receiver.at().at(-1)!;
    expect(got.headers['x-auth']).toBe(X_AUTH);
    expect(got.query.get('token')).toBe(QUERY_TOKEN);
    expect(got.query.get('api_key')).toBe(API_KEY);

    expectNoSecret(delivery);
    const attempt = delivery.attempts[0];
    expect(attempt.request.headers['X-Auth']).toBe('[redacted]');
    expect(attempt.request.url).not.toContain(QUERY_TOKEN);
    expect(attempt.response.body).toContain('[redacted]');
    expect(attempt.response.headers['x-echo']).toBe('[redacted]');

    for (const client of [reader, t.api]) {
      for (const path of [
        `/v1/bots/${botId}/subscriptions`,
        `/v1/bots/${botId}/subscriptions/${sub.id}`,
        `/v1/bots/${botId}/subscriptions/${sub.id}/deliveries`,
        `/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${delivery.id}`,
        `/v1/bots/${botId}/events`,
      ]) {
        const res = await client.get(path);
        expect(res.status, path).toBe(200);
        expectNoSecret(res.body);
      }
    }
  });

  it('keeps the values through a PATCH of other fields, and replaces them when given', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url('/p'), events: ['lead.*'], headers: { 'X-Auth': X_AUTH } });
    const renamed = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { name: 'Renamed' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.headers).toEqual({ 'X-Auth': { set: true } });
    const eventId = await publish(t.api, botId, 'lead.created', {});
    await finishedDelivery(t.api, botId, sub.id, eventId, 20_000);
    expect(
      receiver
        .at()
        .filter((r) => r.path === '/p')
        .at(-1)!.headers['x-auth'],
    ).toBe(X_AUTH);

    const replaced = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { headers: { 'X-Other': 'other-value-123' } });
    expect(replaced.body.headers).toEqual({ 'X-Other': { set: true } });
    const second = await publish(t.api, botId, 'lead.created', {});
    await finishedDelivery(t.api, botId, sub.id, second, 20_000);
    const last = receiver
      .at()
      .filter((r) => r.path === '/p')
      .at(-1)!;
    expect(last.headers['x-other']).toBe('other-value-123');
    expect(last.headers['x-auth']).toBeUndefined();
  });

  it('stores no value in clear', async () => {
    if (store !== 'redis') return;
    const botId = await createBot(t.api);
    await subscribe(t.api, botId, {
      url: `${receiver.url()}?token=${QUERY_TOKEN}`,
      events: ['*'],
      headers: { 'X-Auth': X_AUTH },
      params: { api_key: API_KEY },
    });
    const redis = await connectTestRedis();
    try {
      const keys = await redis.keys(`${t.config.redisPrefix}:*`);
      for (const key of keys) {
        if ((await redis.type(key)) !== 'hash') continue;
        expectNoSecret(await redis.hGetAll(key));
      }
    } finally {
      await redis.close();
    }
  });

  it('delivers with a subscription stored before sealing (values in clear), and never shows them', async () => {
    const botId = await createBot(t.api);
    const model = await subscribe(t.api, botId, { url: receiver.url('/legacy'), events: ['lead.*'] });
    const stored = (await t.services.subscriptions.getSubscription(botId, model.id))!;
    const { sealedRequest: _sealed, ...rest } = stored;
    const legacy: Subscription = {
      ...rest,
      url: `${receiver.url('/legacy')}?token=${QUERY_TOKEN}`,
      headers: { 'X-Auth': X_AUTH },
      params: { api_key: API_KEY },
      updatedAt: isoTime(Date.now() + 1000),
    };
    await t.services.subscriptions.putSubscription(legacy);

    const read = await reader.get(`/v1/bots/${botId}/subscriptions/${model.id}`);
    expectNoSecret(read.body);
    expect(read.body.headers).toEqual({ 'X-Auth': { set: true } });

    const eventId = await publish(t.api, botId, 'lead.created', {});
    const delivery = await finishedDelivery(t.api, botId, model.id, eventId, 20_000);
    const got = receiver
      .at()
      .filter((r) => r.path === '/legacy')
      .at(-1)!;
    expect(got.headers['x-auth']).toBe(X_AUTH);
    expect(got.query.get('api_key')).toBe(API_KEY);
    expectNoSecret(delivery);
  });
});
