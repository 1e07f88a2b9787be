import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkers, type Workers } from '../../src/workers.ts';
import { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

describe('event subscriptions: delivery end to end', () => {
  let t: TestApp;
  let api: Api;
  let receiver: Server;
  let url: string;
  let workers: Workers;
  const received: Received[] = [];
  let answers: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,1' } });
    api = new Api(t.app, await t.token());
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body, at: Date.now() });
        res.writeHead(answers.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    workers = createWorkers(t.services, { events: { pollMs: 50 }, replies: { pollMs: 50 } });
    workers.start();
  });
  afterAll(async () => {
    await workers.stop();
    receiver.close();
    await t.close();
  });

  it('delivers a published event, signed, and retries a failure with the same webhook-id', async () => {
    const bot = (await api.post('/v1/bots', { name: 'Events' })).body;
    const sub = await api.post(`/v1/bots/${bot.id}/subscriptions`, { name: 'CRM', url, events: ['lead.*'] });
    expect(sub.status).toBe(201);
    expect(sub.body.secret).toMatch(/^whsec_/);
    answers = [500];
    expect((await api.post(`/v1/bots/${bot.id}/events`, { type: 'lead.created', data: { name: 'Ada' } })).status).toBe(202);
    expect((await api.post(`/v1/bots/${bot.id}/events`, { type: 'tag.applied', data: {} })).status).toBe(202);
    await expect.poll(() => received.length, POLL).toBe(2);
    const [first, second] = received;
    expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    const verified = new Webhook(sub.body.secret).verify(second!.body, second!.headers as Record<string, string>) as { event: string; data: unknown };
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
