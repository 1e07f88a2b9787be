/**
 * The circuit breaker under a receiver outage, with a 1 s retry schedule and a breaker of 3
 * failures over 2 s: a burst of failures does not open it; a longer outage does, once (one
 * `subscription.disabled`); while it is open deliveries wait and one probe a second tests the
 * endpoint; when the endpoint is back every event is delivered, none lost, none exhausted.
 * On Redis and in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { botEvents, createBot, publish, subscribe } from '../helpers/scenario.ts';

const ENV = {
  HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
  HOOKGATE_RETRY_SCHEDULE: Array.from({ length: 20 }, () => '1').join(','),
  HOOKGATE_CIRCUIT_BREAKER_FAILURES: '3',
  HOOKGATE_CIRCUIT_BREAKER_SECONDS: '2',
};

describe.each(['redis', 'memory'] as const)('circuit breaker through a receiver outage (%s store)', (store) => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp({ store, env: ENV });
    t.startWorkers();
    receiver = await Receiver.start({ status: 503 });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const delivered = () => new Set(receiver.requests.map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n));

  it('opens only after failing for the period, waits with one probe at a time, and loses nothing', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { name: 'CRM', url: receiver.url(), events: ['lead.*'] });
    const subscription = `/v1/bots/${botId}/subscriptions/${sub.id}`;
    for (let n = 0; n < 10; n++) await publish(t.api, botId, 'lead.created', { n });

    // A burst: ten failures at once are not a failing endpoint yet.
    await expect.poll(() => receiver.requests.length, POLL).toBeGreaterThanOrEqual(10);
    expect((await t.api.get(subscription)).body.enabled).toBe(true);

    // Failing for 2 s: open, and disabled once however many deliveries failed at the same moment.
    await expect.poll(async () => (await t.api.get(subscription)).body.disabledReason, POLL).toBe('failing');
    for (let n = 10; n < 20; n++) await publish(t.api, botId, 'lead.created', { n });
    // While open, deliveries wait: only the probe reaches the endpoint, about once a second.
    await sleep(500);
    const before = receiver.requests.length;
    await sleep(3000);
    expect(receiver.requests.length - before).toBeLessThanOrEqual(4);

    receiver.answerWith({ status: 200 });
    await expect.poll(() => delivered().size, { ...POLL, timeout: 30_000 }).toBe(20);
    await expect.poll(async () => (await t.api.get(subscription)).body, POLL).toMatchObject({ enabled: true, disabledReason: null });
    const events = await botEvents(t.api, botId);
    expect(events.filter((e) => e.type === 'subscription.disabled').map((e) => e.data)).toEqual([
      { subscriptionId: sub.id, name: 'CRM', url: receiver.url(), reason: 'failing' },
    ]);
    expect(events.filter((e) => e.type === 'delivery.exhausted')).toEqual([]);
  });
});

describe('circuit breaker recovery with nothing left to retry (memory store)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    const env = { ...ENV, HOOKGATE_RETRY_SCHEDULE: '1', HOOKGATE_CIRCUIT_BREAKER_FAILURES: '1', HOOKGATE_CIRCUIT_BREAKER_SECONDS: '1' };
    t = await createTestApp({ store: 'memory', env });
    t.startWorkers();
    receiver = await Receiver.start({ status: 503 });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('probes the endpoint with the next event, and recovers', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.*'] });
    const subscription = `/v1/bots/${botId}/subscriptions/${sub.id}`;
    // Two attempts over 1 s: the second exhausts the delivery and opens the breaker together.
    await publish(t.api, botId, 'lead.created', { n: 0 });
    await expect.poll(async () => (await t.api.get(subscription)).body.disabledReason, POLL).toBe('failing');
    await expect.poll(async () => (await botEvents(t.api, botId)).map((e) => e.type), POLL).toContain('delivery.exhausted');

    receiver.answerWith({ status: 200 });
    for (let n = 1; n <= 3; n++) await publish(t.api, botId, 'lead.created', { n });
    const delivered = () => new Set(receiver.requests.slice(2).map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n));
    await expect.poll(() => [...delivered()].sort(), POLL).toEqual([1, 2, 3]);
    await expect.poll(async () => (await t.api.get(subscription)).body.enabled, POLL).toBe(true);
  });
});
