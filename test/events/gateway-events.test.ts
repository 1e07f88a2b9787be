/**
 * Hookgate's own events go out the same way as published ones: an inbound webhook call produces
 * `webhook.received` (and, for a workflow block, `workflow.triggered`); a reply sent through the
 * sandbox channel by the reply worker produces `message.sent`. Each reaches the subscriptions
 * whose patterns match, signed like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Receiver, verifyDelivery } from '../helpers/fakes/index.ts';
import {
  callHook,
  createBlock,
  createBotWithSandbox,
  deliveries,
  finishedDelivery,
  ORDER_BLOCK,
  orderBody,
  subscribe,
} from '../helpers/scenario.ts';

describe('gateway events delivered to subscriptions', () => {
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

  it('delivers webhook.received for an inbound call and message.sent once the reply went out', async () => {
    const { botId, accountId } = await createBotWithSandbox(t.api);
    const webhooks = await subscribe(t.api, botId, { url: receiver.url(`/${botId}/webhooks`), events: ['webhook.*'] });
    const messages = await subscribe(t.api, botId, { url: receiver.url(`/${botId}/messages`), events: ['message.*'] });
    const block = await createBlock(t.api, botId, ORDER_BLOCK);

    const call = await callHook(t.api, block.id, block.tokens.production, orderBody('contact-7', 'Ada', 'A-1001'));
    expect(call.status, call.text).toBe(202);
    const { requestId } = call.body;

    const [received] = await receiver.waitFor(1, `/${botId}/webhooks`);
    const payload = verifyDelivery(webhooks.secret, received!) as { event: string; data: Record<string, unknown> };
    expect(payload.event).toBe('webhook.received');
    expect(payload.data).toMatchObject({
      webhookId: block.id,
      webhookName: 'Order shipped',
      requestId,
      contact: 'contact-7',
      variables: { customer_name: 'Ada', order_id: 'A-1001' },
    });

    const [sent] = await receiver.waitFor(1, `/${botId}/messages`);
    const message = verifyDelivery(messages.secret, sent!) as { event: string; data: Record<string, unknown> };
    expect(message.event).toBe('message.sent');
    expect(message.data).toMatchObject({
      messageId: call.body.reply.messageId,
      webhookId: block.id,
      requestId,
      contact: 'contact-7',
      channel: 'sandbox',
      accountId,
    });
    // The reply really went out through the sandbox.
    const outbox = await t.api.get(`/v1/bots/${botId}/channels/${accountId}/messages`);
    expect(outbox.body.data.map((m: { messageId: string }) => m.messageId)).toContain(call.body.reply.messageId);

    // Logged like any delivery; each subscription saw only its own kind.
    const delivery = await finishedDelivery(t.api, botId, webhooks.id, received!.headers['webhook-id']!);
    expect(delivery).toMatchObject({ status: 'succeeded', event: { type: 'webhook.received' } });
    expect(receiver.at(`/${botId}/webhooks`).map((r) => JSON.parse(r.body).event)).toEqual(['webhook.received']);
    expect(receiver.at(`/${botId}/messages`).map((r) => JSON.parse(r.body).event)).toEqual(['message.sent']);
  });

  it('delivers workflow.triggered for a workflow block, and development calls only where included', async () => {
    const { botId } = await createBotWithSandbox(t.api);
    const all = await subscribe(t.api, botId, { url: receiver.url(`/${botId}/all`), events: ['*'], includeDevelopment: true });
    const liveOnly = await subscribe(t.api, botId, { url: receiver.url(`/${botId}/live`), events: ['*'] });
    const block = await createBlock(t.api, botId, {
      name: 'New order',
      type: 'workflow',
      variables: [{ data: 'data.order', variable: 'order_id' }],
    });

    const dev = await callHook(t.api, block.id, block.tokens.development, { contact_reference_id: 'c-dev', data: { order: 'D-1' } });
    expect(dev.status, dev.text).toBe(202);
    const prod = await callHook(t.api, block.id, block.tokens.production, { contact_reference_id: 'c-prod', data: { order: 'P-1' } });
    expect(prod.status, prod.text).toBe(202);

    const requests = await receiver.waitFor(4, `/${botId}/all`);
    const seen = requests.map((r) => verifyDelivery(all.secret, r) as { event: string; data: { requestId: string } });
    expect(seen.map((p) => `${p.event} ${p.data.requestId}`).sort()).toEqual(
      [
        `webhook.received ${dev.body.requestId}`,
        `workflow.triggered ${dev.body.requestId}`,
        `webhook.received ${prod.body.requestId}`,
        `workflow.triggered ${prod.body.requestId}`,
      ].sort(),
    );
    // Every event is dispatched by now (the first subscription has them all), so the
    // production-only subscription's log is final: no delivery for the development call.
    const logged = await deliveries(t.api, botId, liveOnly.id);
    expect(logged.map((d) => `${d.event.type} ${d.event.environment} ${d.event.data.requestId}`).sort()).toEqual(
      [`webhook.received production ${prod.body.requestId}`, `workflow.triggered production ${prod.body.requestId}`].sort(),
    );
    const live = await receiver.waitFor(2, `/${botId}/live`);
    expect(live.map((r) => JSON.parse(r.body).data.requestId)).toEqual([prod.body.requestId, prod.body.requestId]);
  });
});
