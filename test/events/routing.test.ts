/**
 * Which subscriptions get an event: patterns (`lead.*`, `*`, exact), the on/off toggle,
 * development events. Every check that something was *not* delivered waits first for a
 * subscription that matches everything to have received the same events: one dispatch turns an
 * event into all of its deliveries, so once that one has it, every delivery log is final (the
 * requests themselves may still be on their way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, deliveries, publish, subscribe } from '../helpers/scenario.ts';

describe('which subscriptions get an event', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,2,3' } });
    t.startWorkers();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const typesAt = (path: string) => receiver.at(path).map((r) => JSON.parse(r.body).event as string);

  it('matches exact types, `lead.*` at any depth, `*.created` for one segment and `*` for all', async () => {
    const botId = await createBot(t.api);
    const p = (name: string) => `/patterns/${botId}/${name}`;
    const subs = {
      all: await subscribe(t.api, botId, { url: receiver.url(p('all')), events: ['*'] }),
      lead: await subscribe(t.api, botId, { url: receiver.url(p('lead')), events: ['lead.*'] }),
      exact: await subscribe(t.api, botId, { url: receiver.url(p('exact')), events: ['lead.created'] }),
      created: await subscribe(t.api, botId, { url: receiver.url(p('created')), events: ['*.created'] }),
      two: await subscribe(t.api, botId, { url: receiver.url(p('two')), events: ['conversation.handoff', 'tag.*'] }),
    };
    const published = [
      'lead.created',
      'lead.updated',
      'lead.score.changed',
      'leads.created',
      'contact.created',
      'conversation.handoff',
      'tag.applied',
      'conversation.started',
    ];
    for (const type of published) await publish(t.api, botId, type);
    await receiver.waitFor(published.length, p('all'));

    // Every event is dispatched now, so each log is final; then the receiver gets what it lists.
    const received = async (name: keyof typeof subs) => {
      const logged = (await deliveries(t.api, botId, subs[name].id)).map((d) => d.event.type as string).sort();
      await receiver.waitFor(logged.length, p(name));
      expect(typesAt(p(name)).sort()).toEqual(logged);
      return logged;
    };
    expect(await received('all')).toEqual([...published].sort());
    expect(await received('lead')).toEqual(['lead.created', 'lead.score.changed', 'lead.updated']);
    expect(await received('exact')).toEqual(['lead.created']);
    expect(await received('created')).toEqual(['contact.created', 'lead.created', 'leads.created']);
    expect(await received('two')).toEqual(['conversation.handoff', 'tag.applied']);
  });

  it('sends a disabled subscription nothing, and catches up on what it missed when enabled again', async () => {
    const botId = await createBot(t.api);
    await subscribe(t.api, botId, { url: receiver.url(`/toggle/${botId}/control`), events: ['*'] });
    const toggled = await subscribe(t.api, botId, { url: receiver.url(`/toggle/${botId}/toggled`), events: ['*'] });
    const before = await publish(t.api, botId, 'lead.created', { n: 'before' });
    await receiver.waitFor(1, `/toggle/${botId}/toggled`);

    expect((await t.api.patch(`/v1/bots/${botId}/subscriptions/${toggled.id}`, { enabled: false })).body.enabled).toBe(false);
    const missed = await publish(t.api, botId, 'lead.created', { n: 'while disabled' });
    await receiver.waitFor(2, `/toggle/${botId}/control`);
    // Dispatched for it all the same: paused, not sent.
    const toggledDeliveries = async () => (await deliveries(t.api, botId, toggled.id)).map((d) => [d.event.id, d.status]);
    await expect.poll(toggledDeliveries, POLL).toEqual([
      [missed, 'paused'],
      [before, 'succeeded'],
    ]);
    expect(receiver.at(`/toggle/${botId}/toggled`)).toHaveLength(1);

    expect((await t.api.patch(`/v1/bots/${botId}/subscriptions/${toggled.id}`, { enabled: true })).body.enabled).toBe(true);
    const after = await publish(t.api, botId, 'lead.created', { n: 'after' });
    await receiver.waitFor(3, `/toggle/${botId}/control`);
    const toggledStatuses = async () => (await deliveries(t.api, botId, toggled.id)).map((d) => d.status);
    await expect.poll(toggledStatuses, POLL).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(receiver.at(`/toggle/${botId}/toggled`).map((r) => r.headers['webhook-id'])).toEqual([before, missed, after]);
    expect(
      receiver
        .at(`/toggle/${botId}/control`)
        .map((r) => r.headers['webhook-id'])
        .sort(),
    ).toEqual([before, missed, after].sort());
  });

  it('sends a subscription created disabled nothing: its events wait as paused deliveries', async () => {
    const botId = await createBot(t.api);
    await subscribe(t.api, botId, { url: receiver.url(`/off/${botId}/control`), events: ['*'] });
    const off = await subscribe(t.api, botId, { url: receiver.url(`/off/${botId}/off`), events: ['*'], enabled: false });
    await publish(t.api, botId, 'tag.applied');
    await receiver.waitFor(1, `/off/${botId}/control`);
    await expect.poll(async () => (await deliveries(t.api, botId, off.id)).map((d) => d.status), POLL).toEqual(['paused']);
    expect(receiver.at(`/off/${botId}/off`)).toHaveLength(0);
  });

  it('delivers development events only to subscriptions that include them', async () => {
    const botId = await createBot(t.api);
    const live = await subscribe(t.api, botId, { url: receiver.url(`/env/${botId}/live`), events: ['*'] });
    const dev = await subscribe(t.api, botId, { url: receiver.url(`/env/${botId}/dev`), events: ['*'], includeDevelopment: true });
    const devEvent = await publish(t.api, botId, 'lead.created', { n: 1 }, 'development');
    const prodEvent = await publish(t.api, botId, 'lead.created', { n: 2 });

    await receiver.waitFor(2, `/env/${botId}/dev`);
    await receiver.waitFor(1, `/env/${botId}/live`);
    // (Deliveries of one subscription go out concurrently: arrival order is not publication order.)
    expect(
      receiver
        .at(`/env/${botId}/dev`)
        .map((r) => r.headers['webhook-id'])
        .sort(),
    ).toEqual([devEvent, prodEvent].sort());
    await expect.poll(async () => (await deliveries(t.api, botId, dev.id)).map((d) => d.status), POLL).toEqual(['succeeded', 'succeeded']);
    const devDelivery = (await deliveries(t.api, botId, dev.id)).find((d) => d.event.id === devEvent);
    expect(devDelivery.event.environment).toBe('development');
    // The production-only subscription saw only the production event, and logged nothing else.
    expect(receiver.at(`/env/${botId}/live`).map((r) => r.headers['webhook-id'])).toEqual([prodEvent]);
    expect((await deliveries(t.api, botId, live.id)).map((d) => d.event.id)).toEqual([prodEvent]);
  });

  it('keeps delivering to the others when one subscription is deleted', async () => {
    const botId = await createBot(t.api);
    await subscribe(t.api, botId, { url: receiver.url(`/del/${botId}/keep`), events: ['*'] });
    const gone = await subscribe(t.api, botId, { url: receiver.url(`/del/${botId}/gone`), events: ['*'] });
    expect((await t.api.delete(`/v1/bots/${botId}/subscriptions/${gone.id}`)).status).toBe(204);
    const eventId = await publish(t.api, botId, 'lead.created');
    await receiver.waitFor(1, `/del/${botId}/keep`);
    expect(receiver.at(`/del/${botId}/keep`)[0]!.headers['webhook-id']).toBe(eventId);
    expect(receiver.at(`/del/${botId}/gone`)).toHaveLength(0);
  });
});
