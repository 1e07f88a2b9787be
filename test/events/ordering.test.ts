/**
 * `ordering: "per-contact"`: after a receiver outage, each contact's events arrive in the order
 * they were published (0 out of order), every one of them, while the default stays unordered.
 * On Redis and in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, deliveries, publish, subscribe } from '../helpers/scenario.ts';

const ENV = { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: Array.from({ length: 20 }, () => '1').join(',') };
const CONTACTS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const PER_CONTACT = 8;

describe.each(['redis', 'memory'] as const)('per-contact ordering (%s store)', (store) => {
  let t: TestApp;
  let receiver: Receiver;
  let down = true;
  /** What the receiver accepted (answered 200), in arrival order. */
  const accepted: { contact: string; n: number }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ store, env: ENV });
    t.startWorkers();
    receiver = await Receiver.start();
    receiver.answerWith((request) => {
      if (down) return { status: 503 };
      const { data } = JSON.parse(request.body) as { data: { contact: { id: string }; n: number } };
      accepted.push({ contact: data.contact.id, n: data.n });
      return { status: 200 };
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers each contact’s events in order after a receiver outage, none lost', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.*'], ordering: 'per-contact' });
    expect(sub.ordering).toBe('per-contact');
    for (let n = 0; n < PER_CONTACT; n++) {
      for (const contact of CONTACTS) await publish(t.api, botId, 'lead.updated', { contact: { id: contact }, n });
    }
    // During the outage only each contact's oldest delivery is tried.
    await sleep(2500);
    const tried = new Set(receiver.requests.map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n));
    expect([...tried]).toEqual([0]);

    down = false;
    await expect.poll(() => accepted.length, { ...POLL, timeout: 60_000 }).toBe(CONTACTS.length * PER_CONTACT);
    for (const contact of CONTACTS) {
      expect(accepted.filter((a) => a.contact === contact).map((a) => a.n)).toEqual(Array.from({ length: PER_CONTACT }, (_, n) => n));
    }
    await expect
      .poll(async () => (await deliveries(t.api, botId, sub.id, '?status=succeeded&limit=100')).length, POLL)
      .toBe(CONTACTS.length * PER_CONTACT);
  });

  it('defaults to unordered, can be switched, and refuses an unknown ordering', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.*'] });
    expect(sub.ordering).toBe('unordered');
    const patched = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { ordering: 'per-contact' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.ordering).toBe('per-contact');
    expectProblem(await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { ordering: 'global' }), 400);
  });
});
