/**
 * A disabled subscription keeps at most HOOKGATE_PAUSED_DELIVERIES_LIMIT paused deliveries; beyond
 * them new deliveries go to the dead letter: stored as `dead-lettered` (listed, retryable by hand),
 * counted on the subscription and in a metric, logged once per pause. None is dropped. On Redis
 * and in memory; through dispatch (disabled by hand) and through the worker's attempts (disabled
 * by the circuit breaker while its deliveries were queued).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventWorker } from '../../src/events/worker.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, deliveries, publish, subscribe } from '../helpers/scenario.ts';

const LIMIT = 3;

describe.each(['redis', 'memory'] as const)('dead letter beyond the paused limit (%s store)', (store) => {
  let t: TestApp;
  let worker: EventWorker;
  let receiver: Receiver;
  const logs: { msg: string; subscriptionId?: string; level: number }[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      store,
      env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1', HOOKGATE_PAUSED_DELIVERIES_LIMIT: String(LIMIT) },
    });
    receiver = await Receiver.start();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
        done();
      },
    });
    const s = t.services;
    worker = new EventWorker(
      {
        subscriptions: s.subscriptions,
        store: s.store,
        http: s.http,
        clock: s.clock,
        logger: createLogger('info', sink),
        metrics: s.metrics,
        secrets: s.secrets,
      },
      { pollMs: 50 },
    );
    worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
    await receiver.close();
  });

  const noticesFor = (subscriptionId: string) => logs.filter((l) => l.subscriptionId === subscriptionId && /dead letter/.test(l.msg));
  const counted = async () => {
    const text = await (await t.app.request('/metrics')).text();
    return Number(/^hookgate_deliveries_dead_lettered_total (\d+)/m.exec(text)?.[1] ?? 0);
  };

  it('keeps the limit paused, dead-letters the rest, shows and counts them, logs once per pause', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(`/${botId}`), events: ['lead.*'], enabled: false });
    const before = await counted();
    for (let n = 0; n < 7; n++) await publish(t.api, botId, 'lead.created', { n });

    await expect.poll(async () => (await deliveries(t.api, botId, sub.id, '?status=dead-lettered')).length, POLL).toBe(4);
    expect(await deliveries(t.api, botId, sub.id, '?status=paused')).toHaveLength(LIMIT);
    const dead = await deliveries(t.api, botId, sub.id, '?status=dead-lettered');
    expect(dead[0]).toMatchObject({ status: 'dead-lettered', attempts: [], nextAttemptAt: null });
    expect((await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`)).body.deadLettered).toBe(4);
    const listed = (await t.api.get(`/v1/bots/${botId}/subscriptions`)).body.data;
    expect(listed.find((s: { id: string }) => s.id === sub.id).deadLettered).toBe(4);
    expect((await counted()) - before).toBe(4);
    expect(noticesFor(sub.id)).toHaveLength(1);
    expect(noticesFor(sub.id)[0]!.level).toBe(40);

    // Enabling sends the paused ones; the dead letter stays, counted, and can be sent by hand.
    const enabled = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: true });
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.body.deadLettered).toBe(4);
    await expect.poll(() => receiver.at(`/${botId}`).length, POLL).toBe(LIMIT);
    const retried = await t.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${dead[0].id}/retry`, {});
    expect(retried.status, retried.text).toBe(200);
    expect(receiver.at(`/${botId}`)).toHaveLength(LIMIT + 1);
    const sent = (await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries/${dead[0].id}`)).body;
    expect(sent.status).toBe('succeeded');

    // A new pause that fills up again is logged again, once.
    await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: false });
    for (let n = 0; n < LIMIT + 2; n++) await publish(t.api, botId, 'lead.created', { n: 100 + n });
    await expect.poll(async () => (await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`)).body.deadLettered, POLL).toBe(6);
    expect(noticesFor(sub.id)).toHaveLength(2);
    expect((await counted()) - before).toBe(6);
  });

  it('dead-letters what the circuit breaker parks once the limit is reached', async () => {
    const botId = await createBot(t.api);
    // Disabled by the circuit breaker: its deliveries are queued (each a candidate probe) and, the
    // one probe being out, each attempt parks its delivery.
    const sub = await subscribe(t.api, botId, { url: receiver.url(`/${botId}`), events: ['lead.*'] });
    const current = (await t.services.subscriptions.getSubscription(botId, sub.id))!;
    await t.services.subscriptions.putSubscription({
      ...current,
      enabled: false,
      disabledReason: 'failing',
      updatedAt: new Date(Date.parse(current.updatedAt) + 1).toISOString(),
    });
    // No probe now: the breaker's one probe is out.
    await t.services.subscriptions.acquireProbe(botId, sub.id, Date.now(), Date.now() + 600_000);
    for (let n = 0; n < LIMIT + 2; n++) await publish(t.api, botId, 'lead.created', { n });
    await expect.poll(async () => (await deliveries(t.api, botId, sub.id, '?status=dead-lettered')).length, POLL).toBe(2);
    expect(await deliveries(t.api, botId, sub.id, '?status=paused')).toHaveLength(LIMIT);
    expect((await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`)).body.deadLettered).toBe(2);
    expect(noticesFor(sub.id)).toHaveLength(1);
    expect(receiver.at(`/${botId}`)).toHaveLength(0);
  });
});
