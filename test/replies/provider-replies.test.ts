/**
 * End to end for every provider channel: an inbound call to a conversational block → the reply
 * worker → the provider (a fake that checks the request the way the provider documents it). The
 * activity entry then shows the reply as sent with the provider's message id, and the bot's event
 * stream has one `message.sent`.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../../src/workers.ts';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  type FakeProvider,
  type RecordedRequest,
  startFakeMessenger,
  startFakeReceiver,
  startFakeSlack,
  startFakeTelegram,
  startFakeTwilio,
  startFakeWhatsApp,
} from '../helpers/fakes/index.ts';
import { callFor, createReplyBot, eventsOf, replyReaches, WHATSAPP } from '../helpers/scenario.ts';

const TEXT = 'Message 7 for Ada';
const WHSEC = `whsec_${Buffer.from('delivery-suite-signing-key-0123456789').toString('base64')}`;
const TWILIO = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'secret-twilio-auth-token-55e1' };

interface ProviderCase {
  channel: string;
  contact: string;
  credentials?: Record<string, unknown>;
  start(): Promise<FakeProvider>;
  config(fake: FakeProvider): Record<string, unknown>;
  /** Scripted success, when the fake's default answer has no fixed id. */
  answer?: { status: number; body: unknown };
  providerMessageId: string;
  /** Asserts the request is exactly what the provider documents for this reply. */
  expectRequest(request: RecordedRequest, messageId: string): void;
}

const json = (request: RecordedRequest) => JSON.parse(request.body) as unknown;

const CASES: ProviderCase[] = [
  {
    channel: 'whatsapp',
    contact: WHATSAPP.contact,
    credentials: WHATSAPP.credentials,
    start: () => startFakeWhatsApp(WHATSAPP.credentials),
    config: (fake) => ({ apiBaseUrl: fake.apiBaseUrl }),
    providerMessageId: 'wamid.FAKE1',
    expectRequest(request) {
      expect(request).toMatchObject({ method: 'POST', path: `/v21.0/${WHATSAPP.credentials.phoneNumberId}/messages` });
      expect(request.headers.authorization).toBe(`Bearer ${WHATSAPP.credentials.accessToken}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(json(request)).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP.contact,
        type: 'text',
        text: { body: TEXT, preview_url: false },
      });
    },
  },
  {
    channel: 'messenger',
    contact: '6543210987654321',
    credentials: { pageAccessToken: 'EAAGsecret-delivery-messenger-token-8a1e', pageId: '918273645546372' },
    start: () => startFakeMessenger({ pageAccessToken: 'EAAGsecret-delivery-messenger-token-8a1e', pageId: '918273645546372' }),
    config: (fake) => ({ apiBaseUrl: fake.apiBaseUrl, apiVersion: 'v23.0' }),
    providerMessageId: 'm_FAKE1',
    expectRequest(request) {
      expect(request).toMatchObject({ method: 'POST', path: '/v23.0/918273645546372/messages' });
      expect(Object.fromEntries(request.query)).toEqual({ access_token: 'EAAGsecret-delivery-messenger-token-8a1e' });
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['content-type']).toBe('application/json');
      expect(json(request)).toEqual({ recipient: { id: '6543210987654321' }, messaging_type: 'RESPONSE', message: { text: TEXT } });
    },
  },
  {
    channel: 'telegram',
    contact: '987654321',
    credentials: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-delivery' },
    start: () => startFakeTelegram({ botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-delivery' }),
    config: (fake) => ({ apiBaseUrl: fake.apiBaseUrl }),
    providerMessageId: '1001',
    expectRequest(request) {
      expect(request).toMatchObject({ method: 'POST', path: '/bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ-delivery/sendMessage' });
      expect(request.headers['content-type']).toBe('application/json');
      expect(json(request)).toEqual({ chat_id: '987654321', text: TEXT });
    },
  },
  {
    channel: 'slack',
    contact: 'C123ABC456',
    credentials: { botToken: 'xoxb-1234567890-deliveryslacktoken' },
    start: () => startFakeSlack({ botToken: 'xoxb-1234567890-deliveryslacktoken' }),
    config: (fake) => ({ apiBaseUrl: fake.apiBaseUrl }),
    providerMessageId: 'C123ABC456:1503435956.000001',
    expectRequest(request) {
      expect(request).toMatchObject({ method: 'POST', path: '/api/chat.postMessage' });
      expect(request.headers.authorization).toBe('Bearer xoxb-1234567890-deliveryslacktoken');
      expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(json(request)).toEqual({ channel: 'C123ABC456', text: TEXT });
    },
  },
  {
    channel: 'sms',
    contact: '+14155550123',
    credentials: { ...TWILIO, from: '+14155550100' },
    start: () => startFakeTwilio(TWILIO),
    config: (fake) => ({ apiBaseUrl: fake.apiBaseUrl }),
    answer: {
      status: 201,
      body: { sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued', to: '+14155550123', from: '+14155550100', body: TEXT },
    },
    providerMessageId: 'SM1f0e8ae6ade43cb3c0ce4525424e404f',
    expectRequest(request) {
      expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json` });
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString('base64')}`);
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: '+14155550123', From: '+14155550100', Body: TEXT });
    },
  },
  {
    channel: 'http',
    contact: 'user-123',
    credentials: { signingSecret: WHSEC },
    start: () => startFakeReceiver(),
    config: (fake) => ({ url: `${fake.origin}/hooks/replies`, headers: { 'X-Team': 'support' } }),
    answer: { status: 200, body: { id: 'rcv_778' } },
    providerMessageId: 'rcv_778',
    expectRequest(request, messageId) {
      expect(request).toMatchObject({ method: 'POST', path: '/hooks/replies' });
      expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-team': 'support', 'webhook-id': messageId });
      expect(() => new Webhook(WHSEC).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
      expect(json(request)).toEqual({
        type: 'message',
        id: messageId,
        contact: 'user-123',
        text: TEXT,
        buttons: [],
        environment: 'production',
        webhookId: expect.any(String),
        requestId: expect.any(String),
        timestamp: expect.any(String),
      });
    },
  },
];

function describeProviderReplies(store: 'redis' | 'memory', cases: ProviderCase[]): void {
  describe(`reply delivery to providers (${store} store)`, () => {
    let t: TestApp;
    let api: Api;
    let workers: Workers;
    const fakes: FakeProvider[] = [];

    beforeAll(async () => {
      t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
      api = t.api;
      workers = t.startWorkers();
    });
    afterAll(async () => {
      await workers?.stop();
      await Promise.all(fakes.map((f) => f.close()));
      await t?.close();
    });

    it.each(cases.map((c) => [c.channel, c] as const))(
      'delivers a %s reply as the provider documents it and records the provider’s message id',
      async (_channel, c) => {
        const fake = await c.start();
        fakes.push(fake);
        if (c.answer) fake.respondWith([c.answer]);
        const bot = await createReplyBot(api, c.channel, c.credentials, c.config(fake));

        const messageId = await callFor(api, bot, c.contact, 7, 'Ada');
        const reply = await replyReaches(api, bot, messageId, 'sent');

        expect(fake.violations).toEqual([]);
        expect(fake.requests).toHaveLength(1);
        c.expectRequest(fake.requests[0]!, messageId);
        expect(reply).toEqual({
          messageId,
          status: 'sent',
          simulated: false,
          attempts: 1,
          providerMessageId: c.providerMessageId,
          nextAttemptAt: null,
          error: null,
          fallback: null,
        });
        const sent = await eventsOf(api, bot.botId, 'message.sent');
        expect(sent).toHaveLength(1);
        expect(sent[0].data).toMatchObject({
          messageId,
          webhookId: bot.webhookId,
          contact: c.contact,
          channel: c.channel,
          accountId: bot.accountId,
          providerMessageId: c.providerMessageId,
          attempts: 1,
        });
        expect(await eventsOf(api, bot.botId, 'message.failed')).toEqual([]);
      },
    );
  });
}

describeProviderReplies('redis', CASES);
describeProviderReplies(
  'memory',
  CASES.filter((c) => c.channel === 'whatsapp' || c.channel === 'http'),
);
