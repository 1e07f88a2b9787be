/**
 * A delivery whose request went out but whose settlement met a store outage: the event worker
 * records it once the store answers again, within the lease, instead of dropping the outcome
 * (which would leave the delivery leased and then send it a second time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventWorker } from '../../src/events/worker.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import type { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { silentLogger } from '../helpers/redis.ts';
import { createBot, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';

describe('the event worker across a store outage', () => {
  let t: TestApp;
  let receiver: Receiver;
  let worker: EventWorker;
  let failSettlements = 2;

  beforeAll(async () => {
    t = await createTestApp({ store: 'memory', env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    receiver = await Receiver.start();
    const s = t.services;
    // The real store, except that its first settlements fail as they would with Redis away.
    const subscriptions: SubscriptionStore = Object.create(s.subscriptions, {
      settleDelivery: {
        value: async (...args: Parameters<SubscriptionStore['settleDelivery']>) => {
          if (failSettlements > 0) {
            failSettlements -= 1;
            throw new StoreUnavailableError(new Error('connection refused'));
          }
          return s.subscriptions.settleDelivery(...args);
        },
      },
    });
    worker = new EventWorker(
      { subscriptions, store: s.store, http: s.http, clock: s.clock, logger: silentLogger, metrics: s.metrics, secrets: s.secrets },
      { pollMs: 50 },
    );
    worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await receiver?.close();
  });

  it('records the attempt once the store is back, and sends it once', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.created'] });
    const eventId = await publish(t.api, botId, 'lead.created', { contact: { id: 'c1' } });
    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(failSettlements).toBe(0);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: [{ number: 1, succeeded: true }] });
    expect(receiver.requests).toHaveLength(1);
  });
});
