/**
 * Event delivery by the workers, with the retry schedule compressed to 1 s / 2 s / 3 s through
 * HOOKGATE_RETRY_SCHEDULE: retries with a stable webhook-id, exhaustion, the delivery log, 410
 * Gone, Retry-After and redirects (the circuit breaker: circuit-breaker.test.ts). The main flow runs on Redis and in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { Receiver, verifyDelivery } from '../helpers/fakes/index.ts';
import { botEvents, createBot, deliveries, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';

const ENV = { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,2,3' };

describe.each(['redis', 'memory'] as const)('event delivery with a 1 s / 2 s / 3 s schedule (%s store)', (store) => {
  let t: TestApp;
  const receivers: Receiver[] = [];
  const aReceiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp({ store, env: ENV });
    t.startWorkers();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('retries a receiver that fails twice, then stops: three signed attempts with one webhook-id', async () => {
    const receiver = await aReceiver();
    receiver.answerNext({ status: 500 }, { status: 503 });
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.created'] });
    const eventId = await publish(t.api, botId, 'lead.created', { contact: { id: 'c1' } });

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('succeeded');
    const requests = receiver.at();
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
    for (const r of requests)
      expect(verifyDelivery(sub.secret, r)).toMatchObject({ event: 'lead.created', data: { contact: { id: 'c1' } } });
    const [first, second, third] = requests.map((r) => r.at);
    expect(second! - first!).toBeGreaterThanOrEqual(1000);
    expect(second! - first!).toBeLessThan(6000);
    expect(third! - second!).toBeGreaterThanOrEqual(2000);
    expect(third! - second!).toBeLessThan(8000);

    expect(delivery.attempts.map((a: any) => [a.number, a.trigger, a.response.status, a.succeeded])).toEqual([
      [1, 'scheduled', 500, false],
      [2, 'scheduled', 503, false],
      [3, 'scheduled', 200, true],
    ]);
    expect(delivery.attempts.map((a: any) => a.error)).toEqual(['HTTP 500', 'HTTP 503', null]);
    expect(delivery.nextAttemptAt).toBeNull();
    // Nothing more arrives once it succeeded (the next slot of the schedule would be 3 s later).
    await sleep(3500);
    expect(receiver.at()).toHaveLength(3);
  });

  it('fails a delivery after four attempts, publishes delivery.exhausted and logs every attempt', async () => {
    const receiver = await aReceiver();
    receiver.answerWith({
      status: 500,
      delayMs: 150,
      headers: { 'x-trace': 'trace-42', 'content-type': 'text/plain' },
      body: 'x'.repeat(20_000),
    });
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, {
      url: receiver.url(),
      events: ['lead.*'],
      headers: { Authorization: 'Bearer sk_live_do_not_log_me', 'X-Tenant': 'acme' },
    });
    const eventId = await publish(t.api, botId, 'lead.updated', { contact: { id: 'c2' } });

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId, 30_000);
    expect(delivery.status).toBe('failed');
    expect(delivery.nextAttemptAt).toBeNull();
    expect(receiver.at()).toHaveLength(4);
    // The receiver did get the real header; the log keeps only that one was sent.
    expect(receiver.at()[0]!.headers.authorization).toBe('Bearer sk_live_do_not_log_me');
    expect(JSON.stringify(delivery)).not.toContain('sk_live_do_not_log_me');

    expect(delivery.attempts).toHaveLength(4);
    delivery.attempts.forEach((a: any, i: number) => {
      expect(a).toMatchObject({ number: i + 1, trigger: 'scheduled', succeeded: false, error: 'HTTP 500' });
      expect(Date.parse(a.at)).not.toBeNaN();
      expect(a.durationMs).toBeGreaterThanOrEqual(140);
      expect(a.request).toMatchObject({ method: 'POST', url: receiver.url() });
      expect(a.request.headers).toMatchObject({
        Authorization: '[redacted]',
        // A configured header is write-only whatever its name.
        'X-Tenant': '[redacted]',
        'webhook-id': eventId,
        'content-type': 'application/json',
      });
      expect(a.request.headers['webhook-signature']).toMatch(/^v1,/);
      expect(JSON.parse(a.request.body)).toMatchObject({ event: 'lead.updated', data: { contact: { id: 'c2' } } });
      expect(a.response.status).toBe(500);
      expect(a.response.headers['x-trace']).toBe('trace-42');
      expect(a.response.body).toBe('x'.repeat(16 * 1024));
      expect(a.response.truncated).toBe(true);
    });
    // Each failed attempt but the last names the next one, later than itself; the last names none.
    for (const a of delivery.attempts.slice(0, 3)) expect(Date.parse(a.nextAttemptAt)).toBeGreaterThan(Date.parse(a.at));
    expect(delivery.attempts[3].nextAttemptAt).toBeNull();

    await expect.poll(async () => (await botEvents(t.api, botId)).map((e) => e.type), POLL).toContain('delivery.exhausted');
    const exhausted = await botEvents(t.api, botId);
    expect(exhausted.find((e) => e.type === 'delivery.exhausted').data).toEqual({
      deliveryId: delivery.id,
      subscriptionId: sub.id,
      eventId,
      eventType: 'lead.updated',
      attempts: 4,
      lastError: 'HTTP 500',
    });
    // The subscription that failed is not sent the event about its own failure (no loop).
    expect(receiver.at().every((r) => JSON.parse(r.body).event === 'lead.updated')).toBe(true);
  });
});

describe('event delivery: how receivers’ answers are honoured (redis store)', () => {
  let t: TestApp;
  const receivers: Receiver[] = [];
  const aReceiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    t.startWorkers();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('disables the subscription on 410 Gone and publishes subscription.disabled', async () => {
    const receiver = await aReceiver();
    receiver.answerWith({ status: 410, body: 'gone for good' });
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { name: 'Old CRM', url: receiver.url(), events: ['*'] });
    const eventId = await publish(t.api, botId, 'lead.created');

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({
      succeeded: false,
      error: 'HTTP 410',
      nextAttemptAt: null,
      response: { status: 410, body: 'gone for good' },
    });
    const subscription = `/v1/bots/${botId}/subscriptions/${sub.id}`;
    await expect.poll(async () => (await t.api.get(subscription)).body.enabled, POLL).toBe(false);
    const got = await t.api.get(subscription);
    expect(got.body).toMatchObject({ enabled: false, disabledReason: 'gone' });
    await expect.poll(async () => (await botEvents(t.api, botId)).map((e) => e.type), POLL).toContain('subscription.disabled');
    const list = await botEvents(t.api, botId);
    expect(list.find((e) => e.type === 'subscription.disabled').data).toEqual({
      subscriptionId: sub.id,
      name: 'Old CRM',
      url: receiver.url(),
      reason: 'gone',
    });

    // Disabled: later events are not sent, nor is the 410 retried. A second subscription to the
    // same events shows when the next one has been dispatched: from then on, absence means something.
    const control = await aReceiver();
    await subscribe(t.api, botId, { url: control.url(), events: ['lead.*'] });
    const later = await publish(t.api, botId, 'lead.created');
    const [dispatched] = await control.waitFor(1);
    expect(dispatched!.headers['webhook-id']).toBe(later);
    // The later event waits for the disabled subscription as a paused delivery.
    await expect
      .poll(async () => (await deliveries(t.api, botId, sub.id)).map((d) => [d.event.id, d.status]), POLL)
      .toEqual([
        [later, 'paused'],
        [eventId, 'failed'],
      ]);
    await sleep(1500);
    expect(receiver.at()).toHaveLength(1);
  });

  it('waits at least as long as the receiver’s Retry-After asks', async () => {
    const receiver = await aReceiver();
    receiver.answerNext({ status: 503, headers: { 'retry-after': '3' } });
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.created'] });
    const eventId = await publish(t.api, botId, 'lead.created');

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('succeeded');
    const [first, second] = receiver.at();
    // The schedule alone would retry after 1 s.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(3000);
    expect(second!.at - first!.at).toBeLessThan(9000);
    expect(Date.parse(delivery.attempts[0].nextAttemptAt) - Date.parse(delivery.attempts[0].at)).toBeGreaterThanOrEqual(3000);
  });

  it('does not follow a redirect: a 302 to a private address is a failed attempt and the target gets nothing', async () => {
    const target = await aReceiver();
    const redirecting = await aReceiver();
    redirecting.answerWith({ status: 302, headers: { location: target.url('/internal/admin') } });
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: redirecting.url(), events: ['lead.created'], retry: { scheduleSeconds: [1] } });
    const eventId = await publish(t.api, botId, 'lead.created');

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.map((a: any) => [a.response.status, a.succeeded, a.error])).toEqual([
      [302, false, 'HTTP 302'],
      [302, false, 'HTTP 302'],
    ]);
    expect(delivery.attempts[0].response.headers.location).toBe(target.url('/internal/admin'));
    expect(redirecting.at()).toHaveLength(2);
    expect(target.at()).toHaveLength(0);
  });

  it('keeps at most 16 KiB of a response body, counted in bytes', async () => {
    const receiver = await aReceiver();
    // 30 000 bytes of two-byte characters.
    receiver.answerWith({ status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'é'.repeat(15_000) });
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.created'], retry: { maxAttempts: 1 } });
    const eventId = await publish(t.api, botId, 'lead.created');

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    const { response } = delivery.attempts[0];
    expect(response.truncated).toBe(true);
    expect(Buffer.byteLength(response.body, 'utf8')).toBeLessThanOrEqual(16 * 1024);
    expect(Buffer.byteLength(response.body, 'utf8')).toBeGreaterThan(16 * 1024 - 4);
    // Cut between characters, never inside one.
    expect(response.body).toBe('é'.repeat(response.body.length));
  });
});

describe('a slow receiver and a short lease (HOOKGATE_DELIVERY_LEASE_MS=4000)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...ENV, HOOKGATE_DELIVERY_LEASE_MS: '4000' } });
    t.startWorkers();
    // A second worker on the same store, ready to take over anything whose lease runs out.
    t.startWorkers();
    receiver = await Receiver.start({ status: 200, delayMs: 10_000 });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('gives up on the request at half the lease, so no other worker sends it meanwhile', async () => {
    const botId = await createBot(t.api);
    // The subscription would wait 30 s; the lease allows 2 s.
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.created'], retry: { maxAttempts: 1 } });
    expect(sub.timeoutMs).toBe(30_000);
    const eventId = await publish(t.api, botId, 'lead.created');
    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0].error).toMatch(/^timeout: no complete response within 2000 ms/);
    expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(1900);
    expect(delivery.attempts[0].durationMs).toBeLessThan(4000);
    // Past the lease: still the one request.
    await sleep(2500);
    expect(receiver.at()).toHaveLength(1);
  });
});
