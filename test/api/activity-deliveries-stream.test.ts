import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, deliveries, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';
import { SseClient } from '../helpers/sse.ts';

/** The delivery messages a client received, parsed. */
function received(client: SseClient): { id: string; delivery: any }[] {
  return client.events.filter((e) => e.event === 'delivery').map((e) => ({ id: e.id!, delivery: JSON.parse(e.data!) }));
}

/** What the stream said of one delivery, in order: `status/attempts`. */
function statesOf(client: SseClient, deliveryId: string): string[] {
  return received(client)
    .filter((m) => m.delivery.id === deliveryId)
    .map((m) => `${m.delivery.status}/${m.delivery.attempts.length}`);
}

describe.each(['redis', 'memory'] as const)('GET …/deliveries/stream (%s store)', (store) => {
  let t: TestApp;
  let api: Api;
  let base: string;
  let receiver: Receiver;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_LIVECHAT_HEARTBEAT_MS: '300' } });
    api = t.api;
    base = await t.listen();
    receiver = await Receiver.start();
    t.startWorkers();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
    await receiver.close();
  });

  async function open(path: string, headers: Record<string, string> = {}, token?: string | null): Promise<SseClient> {
    const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token ?? (await t.token())}` };
    const client = await SseClient.open(`${base}${path}`, { ...auth, ...headers });
    clients.push(client);
    return client;
  }

  async function aSubscription() {
    const botId = await createBot(api);
    const sub = await subscribe(api, botId, { url: receiver.url(), events: ['lead.*'], retry: { scheduleSeconds: [1] } });
    return { botId, sub, path: `/v1/bots/${botId}/subscriptions/${sub.id}/deliveries` };
  }

  it('sends each delivery as it is created and after each attempt, in order, as GET …/deliveries shows it', async () => {
    const { botId, sub, path } = await aSubscription();
    const client = await open(`${path}/stream`);
    expect(client.status).toBe(200);
    receiver.answerNext({ status: 500 });
    const eventId = await publish(api, botId, 'lead.created', { contact: { id: 'c1' } });
    const finished = await finishedDelivery(api, botId, sub.id, eventId);
    expect(finished.status).toBe('succeeded');
    await expect.poll(() => statesOf(client, finished.id).at(-1), POLL).toBe('succeeded/2');
    // Created, failed once (pending again), then succeeded: never out of order.
    const states = statesOf(client, finished.id);
    expect(states).toEqual(['pending/0', 'pending/1', 'succeeded/2'].filter((s) => states.includes(s)));
    expect(states.at(0)).toMatch(/^pending\//);
    const last = received(client).at(-1)!;
    expect(last.delivery).toEqual((await deliveries(api, botId, sub.id))[0]);
    expect(last.delivery.event).toMatchObject({ id: eventId, type: 'lead.created' });
  });

  it('sends a test event’s delivery and a retry by hand', async () => {
    const { botId, sub, path } = await aSubscription();
    const client = await open(`${path}/stream`);
    const tested = await api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'lead.created' });
    expect(tested.status, tested.text).toBe(200);
    await expect.poll(() => statesOf(client, tested.body.id), POLL).toEqual(['succeeded/1']);
    const retried = await api.post(`${path}/${tested.body.id}/retry`);
    expect(retried.status, retried.text).toBe(200);
    await expect.poll(() => statesOf(client, tested.body.id), POLL).toEqual(['succeeded/1', 'succeeded/2']);
    expect(
      received(client)
        .at(-1)!
        .delivery.attempts.map((a: any) => a.trigger),
    ).toEqual(['test', 'manual']);
  });

  it('starts with what happens from now on, and resumes after Last-Event-ID with nothing lost or repeated', async () => {
    const { botId, sub, path } = await aSubscription();
    await finishedDelivery(api, botId, sub.id, await publish(api, botId, 'lead.created'));
    const witness = await open(`${path}/stream`);
    const reader = await open(`${path}/stream`);
    const first = await finishedDelivery(api, botId, sub.id, await publish(api, botId, 'lead.updated'));
    await expect.poll(() => statesOf(reader, first.id).at(-1), POLL).toBe('succeeded/1');
    reader.close();
    const seen = received(reader);
    const later = await finishedDelivery(api, botId, sub.id, await publish(api, botId, 'lead.closed'));
    await expect.poll(() => statesOf(witness, later.id).at(-1), POLL).toBe('succeeded/1');

    const resumed = await open(`${path}/stream`, { 'last-event-id': seen.at(-1)!.id });
    const all = received(witness);
    await expect.poll(() => received(resumed).length, POLL).toBe(all.length - seen.length);
    expect(received(resumed).map((m) => m.delivery.id)).toEqual(all.slice(seen.length).map((m) => m.delivery.id));
    expect(received(resumed).map((m) => m.id)).toEqual(all.slice(seen.length).map((m) => m.id));
    expect(all.map((m) => m.delivery.event.type)).not.toContain('lead.created');
  });

  it('needs an admin token: none is 401, read scope is enough, another workspace’s subscription is 404', async () => {
    const { botId, path } = await aSubscription();
    expect((await open(`${path}/stream`, {}, null)).status).toBe(401);
    expect((await open(`${path}/stream`, {}, await t.token('ws1', 'read'))).status).toBe(200);
    const other = await open(`${path}/stream`, {}, await t.token('ws2'));
    expect(other.status).toBe(404);
    expect(JSON.parse(other.events[0]!.data!)).toMatchObject({ status: 404 });
    expect((await open(`/v1/bots/${botId}/subscriptions/sub_000000000000000000000/deliveries/stream`)).status).toBe(404);
    expect((await open(`${path}/stream`, { 'last-event-id': '../../etc' })).status).toBe(400);
  });
});
