import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';

describe('event subscriptions: delivery end to end', () => {
  let t: TestApp;
  let api: Api;
  let receiver: Receiver;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,1' } });
    api = t.api;
    receiver = await Receiver.start();
    url = receiver.url();
    t.startWorkers();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers a published event, signed, and retries a failure with the same webhook-id', async () => {
    const bot = (await api.post('/v1/bots', { name: 'Events' })).body;
    const sub = await api.post(`/v1/bots/${bot.id}/subscriptions`, { name: 'CRM', url, events: ['lead.*'] });
    expect(sub.status).toBe(201);
    expect(sub.body.secret).toMatch(/^whsec_/);
    receiver.answerNext({ status: 500 });
    expect((await api.post(`/v1/bots/${bot.id}/events`, { type: 'lead.created', data: { name: 'Ada' } })).status).toBe(202);
    expect((await api.post(`/v1/bots/${bot.id}/events`, { type: 'tag.applied', data: {} })).status).toBe(202);
    await expect.poll(() => receiver.requests.length, POLL).toBe(2);
    const [first, second] = receiver.requests;
    expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    const verified = new Webhook(sub.body.secret).verify(second!.body, second!.headers) as { event: string; data: unknown };
    expect(verified).toMatchObject({ event: 'lead.created', data: { name: 'Ada' } });

    const deliveries = await api.get(`/v1/bots/${bot.id}/subscriptions/${sub.body.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    const newestStatus = async () => (await api.get(`/v1/bots/${bot.id}/subscriptions/${sub.body.id}/deliveries`)).body.data[0]?.status;
    await expect.poll(newestStatus, POLL).toBe('succeeded');
    const [delivery] = (await api.get(`/v1/bots/${bot.id}/subscriptions/${sub.body.id}/deliveries`)).body.data;
    expect(delivery.attempts.map((a: { response: { status: number } }) => a.response.status)).toEqual([500, 200]);

    const test = await api.post(`/v1/bots/${bot.id}/subscriptions/${sub.body.id}/test`, { type: 'conversation.handoff' });
    expect(test.status).toBe(200);
    expect(test.body.attempts[0]).toMatchObject({ trigger: 'test', succeeded: true });
    const retry = await api.post(`/v1/bots/${bot.id}/subscriptions/${sub.body.id}/deliveries/${delivery.id}/retry`);
    expect(retry.body.attempts.at(-1)).toMatchObject({ trigger: 'manual', succeeded: true });
  });
});
