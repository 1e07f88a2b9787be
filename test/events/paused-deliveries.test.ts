/**
 * Outbound is at least once: an event accepted while its subscription is disabled becomes a
 * `paused` delivery, re-enabling sends every one of them, and discarding them is explicit and
 * counted. On Redis and in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, deliveries, publish, subscribe } from '../helpers/scenario.ts';

const ENV = { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,1,1' };

describe.each(['redis', 'memory'] as const)('paused deliveries (%s store)', (store) => {
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

  const received = (r: Receiver) => r.at().map((q) => (JSON.parse(q.body) as { data: { n: number } }).data.n);

  it('keeps the events of a disabled subscription as paused deliveries and sends them all on re-enabling', async () => {
    const receiver = await aReceiver();
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.*'], enabled: false });
    for (let n = 0; n < 12; n++) await publish(t.api, botId, 'lead.created', { n });

    await expect.poll(async () => (await deliveries(t.api, botId, sub.id, '?status=paused')).length, POLL).toBe(12);
    const paused = await deliveries(t.api, botId, sub.id, '?status=paused');
    expect(paused[0]).toMatchObject({ status: 'paused', attempts: [], nextAttemptAt: null });
    expect(receiver.at()).toHaveLength(0);

    const enabled = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: true });
    expect(enabled.status, enabled.text).toBe(200);
    await expect.poll(() => received(receiver).length, POLL).toBe(12);
    expect(new Set(received(receiver))).toEqual(new Set(Array.from({ length: 12 }, (_, n) => n)));
    await expect.poll(async () => (await deliveries(t.api, botId, sub.id, '?status=succeeded')).length, POLL).toBe(12);
  });

  it('discards paused deliveries only when asked, and says how many', async () => {
    const receiver = await aReceiver();
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.*'], enabled: false });
    for (let n = 0; n < 5; n++) await publish(t.api, botId, 'lead.created', { n });
    await expect.poll(async () => (await deliveries(t.api, botId, sub.id, '?status=paused')).length, POLL).toBe(5);

    const discarded = await t.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/paused-deliveries/discard`, {});
    expect(discarded.status, discarded.text).toBe(200);
    expect(discarded.body).toEqual({ discarded: 5 });
    expect(await deliveries(t.api, botId, sub.id, '?status=paused')).toHaveLength(0);
    expect(await deliveries(t.api, botId, sub.id, '?status=discarded')).toHaveLength(5);

    await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled: true });
    const after = await publish(t.api, botId, 'lead.created', { n: 99 });
    await expect.poll(() => received(receiver), POLL).toEqual([99]);
    expect(after).toBeTruthy();
  });

  it('answers 404 for discarding on an unknown subscription', async () => {
    const botId = await createBot(t.api);
    const res = await t.api.post(`/v1/bots/${botId}/subscriptions/sub_00000000000000000000/paused-deliveries/discard`, {});
    expectProblem(res, 404);
  });
});
