/**
 * The live streams across processes on real Redis: the API serves them in one process while the
 * reply and event workers run in another (`HOOKGATE_ROLE=worker`), so what a stream shows comes
 * from the store, not from in-process notices. And a service process ends its open streams on
 * SIGTERM, so that its drain finishes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, HttpApi } from '../helpers/api.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { callHook, createBot, orderBody, publish, setupInbound, subscribe } from '../helpers/scenario.ts';
import { aSecret, killAllServices, mintAdminToken, startService, startWorkerProcess } from '../helpers/service-process.ts';
import { SseClient } from '../helpers/sse.ts';

afterEach(async () => {
  await killAllServices();
});

describe('live streams with the workers in another process', () => {
  let t: TestApp;
  let api: Api;
  let base: string;
  let receiver: Receiver;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    // This process serves the API and runs no worker.
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = t.api;
    base = await t.listen();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t?.close();
    await receiver?.close();
  });

  const open = async (path: string) => {
    const client = await SseClient.open(`${base}${path}`, { authorization: `Bearer ${await t.token()}` });
    clients.push(client);
    expect(client.status).toBe(200);
    return client;
  };

  it('shows a reply sent by a worker process, state by state, and a delivery it made', async () => {
    await startWorkerProcess({
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: TEST_SECRET,
      HOOKGATE_REDIS_PREFIX: t.config.redisPrefix,
      HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
    });
    const { botId, webhook, tokens } = await setupInbound(api);
    const activity = await open(`/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`);
    const call = await callHook(api, webhook.id, tokens.production, orderBody('c-far'));
    expect(call.status).toBe(202);
    const states = () =>
      activity.events
        .filter((e) => e.event === 'activity')
        .map((e) => JSON.parse(e.data!))
        .filter((e) => e.requestId === call.body.requestId)
        .map((e) => e.reply.status);
    await expect.poll(states, { ...POLL, timeout: 40_000 }).toEqual(['queued', 'sending', 'sent']);

    const subBot = await createBot(api);
    const sub = await subscribe(api, subBot, { url: receiver.url(), events: ['lead.*'] });
    const deliveries = await open(`/v1/bots/${subBot}/subscriptions/${sub.id}/deliveries/stream`);
    const eventId = await publish(api, subBot, 'lead.created');
    const shown = () =>
      deliveries.events
        .filter((e) => e.event === 'delivery')
        .map((e) => JSON.parse(e.data!))
        .filter((d) => d.event.id === eventId)
        .map((d) => d.status);
    await expect.poll(() => shown().at(-1), { ...POLL, timeout: 40_000 }).toBe('succeeded');
  });
});

describe('a service process on SIGTERM', () => {
  it('ends its open event streams and drains', async () => {
    const secret = aSecret();
    const prefix = uniquePrefix();
    const redis = await connectTestRedis();
    try {
      const service = await startService({ REDIS_URL: TEST_REDIS_URL, HOOKGATE_SECRET: secret, HOOKGATE_REDIS_PREFIX: prefix });
      const token = await mintAdminToken(secret);
      const remote = await HttpApi.connect(service.baseUrl, token);
      const { botId, webhook } = await setupInbound(remote);
      const res = await fetch(`${service.baseUrl}/v1/bots/${botId}/webhooks/${webhook.id}/activity/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();

      const started = Date.now();
      const exit = service.kill('SIGTERM');
      let done = false;
      while (!done) done = (await reader.read()).done;
      expect(await exit).toEqual({ code: 0, signal: null });
      // Well inside the drain timeout: the stream did not hold the server open.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(service.stdout()).toContain('drained');
    } finally {
      await deletePrefix(redis, prefix);
      await redis.close();
    }
  });
});
