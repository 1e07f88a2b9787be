/**
 * Retries as the user sees them: a provider's Retry-After is honoured, a passing failure is retried
 * until the reply is sent, a permanent one fails at once, and the attempt budget
 * (HOOKGATE_REPLY_MAX_ATTEMPTS) ends in `failed`. Between attempts the activity entry says
 * `retrying` and when the next attempt is due.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../../src/workers.ts';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import {
  type FakeProvider,
  graphError,
  type ProviderGate,
  slackError,
  startFakeReceiver,
  startFakeSlack,
  startFakeTelegram,
  startFakeWhatsApp,
  startProviderGate,
  telegramError,
} from '../helpers/fakes/index.ts';
import { callFor, createReplyBot, eventsOf, replyOf, replyReaches, WHATSAPP } from '../helpers/scenario.ts';

const SLACK = { botToken: 'xoxb-1234567890-retryslacktoken' };
const TELEGRAM = { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-retries' };

describe('reply retries', () => {
  let t: TestApp;
  let api: Api;
  let workers: Workers;
  let closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
        HOOKGATE_REPLY_MAX_ATTEMPTS: '3',
        HOOKGATE_REPLY_RETRY_BASE_MS: '1000',
        HOOKGATE_REPLY_RETRY_MAX_MS: '2000',
      },
    });
    api = t.api;
    workers = t.startWorkers();
  });
  afterEach(async () => {
    await Promise.all(closers.map((close) => close()));
    closers = [];
  });
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
  });

  /** A fake provider behind a gate that notes arrival times. */
  async function provider(start: () => Promise<FakeProvider>): Promise<{ fake: FakeProvider; gate: ProviderGate }> {
    const fake = await start();
    const gate = await startProviderGate(fake);
    closers.push(
      () => gate.close(),
      () => fake.close(),
    );
    return { fake, gate };
  }

  it('waits at least the provider’s Retry-After before the next attempt after a 429', async () => {
    const { fake, gate } = await provider(() => startFakeSlack(SLACK));
    fake.respondWith([slackError('ratelimited', 429, { 'Retry-After': '2' })]);
    const bot = await createReplyBot(api, 'slack', SLACK, { apiBaseUrl: gate.apiBaseUrl });

    const messageId = await callFor(api, bot, 'C123ABC456', 1);
    const retrying = await replyReaches(api, bot, messageId, 'retrying');
    expect(retrying).toMatchObject({ attempts: 1, providerMessageId: null, error: { code: 'slack:ratelimited' } });
    expect(Date.parse(retrying.nextAttemptAt!) - gate.arrivals[0]!.at).toBeGreaterThanOrEqual(2000);

    const sent = await replyReaches(api, bot, messageId, 'sent');
    expect(sent).toMatchObject({ attempts: 2, providerMessageId: 'C123ABC456:1503435956.000001', error: null, nextAttemptAt: null });
    expect(fake.violations).toEqual([]);
    expect(gate.arrivals).toHaveLength(2);
    const gap = gate.arrivals[1]!.at - gate.arrivals[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(2000);
    // The backoff here is at most 2 s: the retry is not held back much longer than asked either.
    expect(gap).toBeLessThan(6000);
  }, 30_000);

  it('retries a 500 and records the reply as sent after the second attempt', async () => {
    const { fake } = await provider(() => startFakeReceiver());
    fake.respondWith([
      { status: 500, body: 'Internal Server Error' },
      { status: 200, body: { id: 'rcv_after_500' } },
    ]);
    const bot = await createReplyBot(api, 'http', undefined, { url: `${fake.origin}/replies` });

    const messageId = await callFor(api, bot, 'user-1', 1);
    const sent = await replyReaches(api, bot, messageId, 'sent');

    expect(sent).toEqual({
      messageId,
      status: 'sent',
      simulated: false,
      attempts: 2,
      providerMessageId: 'rcv_after_500',
      nextAttemptAt: null,
      error: null,
      fallback: null,
    });
    expect(fake.requests).toHaveLength(2);
    // The same message both times; only the send time differs.
    const [a, b] = fake.requests.map((r) => ({ ...JSON.parse(r.body), timestamp: undefined }));
    expect(b).toEqual(a);
    expect(a).toMatchObject({ id: messageId, text: 'Message 1 for Ada' });
    const events = await eventsOf(api, bot.botId, 'message.sent');
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ messageId, providerMessageId: 'rcv_after_500', attempts: 2 })]);
    expect(await eventsOf(api, bot.botId, 'message.failed')).toEqual([]);
  }, 30_000);

  it('fails at once on WhatsApp 131047 (24-hour window closed), keeping the provider’s code', async () => {
    const { fake } = await provider(() => startFakeWhatsApp(WHATSAPP.credentials));
    fake.respondWith([
      graphError(400, 131047, 'Re-engagement message', {
        details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      }),
    ]);
    const bot = await createReplyBot(api, 'whatsapp', WHATSAPP.credentials, { apiBaseUrl: fake.apiBaseUrl });

    const messageId = await callFor(api, bot, WHATSAPP.contact, 1);
    const failed = await replyReaches(api, bot, messageId, 'failed');

    expect(failed).toMatchObject({
      attempts: 1,
      providerMessageId: null,
      nextAttemptAt: null,
      error: { code: 'whatsapp:131047', message: expect.stringContaining('24 hours') },
    });
    expect(fake.requests).toHaveLength(1);
    const events = await eventsOf(api, bot.botId, 'message.failed');
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      messageId,
      channel: 'whatsapp',
      contact: WHATSAPP.contact,
      attempts: 1,
      error: { code: 'whatsapp:131047' },
    });
    expect(await eventsOf(api, bot.botId, 'message.sent')).toEqual([]);
  }, 30_000);

  it('gives up after HOOKGATE_REPLY_MAX_ATTEMPTS, showing retrying with the next attempt time in between', async () => {
    const { fake, gate } = await provider(() => startFakeTelegram(TELEGRAM));
    fake.respondWith([
      telegramError(500, 'Internal Server Error'),
      telegramError(502, 'Bad Gateway'),
      telegramError(500, 'Internal Server Error'),
    ]);
    const bot = await createReplyBot(api, 'telegram', TELEGRAM, { apiBaseUrl: gate.apiBaseUrl });

    const messageId = await callFor(api, bot, '987654321', 1);
    const first = await replyReaches(api, bot, messageId, 'retrying');
    expect(first).toMatchObject({ attempts: 1, providerMessageId: null, error: { code: 'telegram:500' } });
    // Backoff after the first failure: 0.5–1 s after it.
    const firstNext = Date.parse(first.nextAttemptAt!);
    expect(firstNext - gate.arrivals[0]!.at).toBeGreaterThanOrEqual(500);

    await expect.poll(() => gate.arrivals.length, POLL).toBeGreaterThanOrEqual(2);
    expect(gate.arrivals[1]!.at).toBeGreaterThanOrEqual(firstNext);
    const second = await replyReaches(api, bot, messageId, 'retrying');
    expect(second).toMatchObject({ attempts: 2, error: { code: 'telegram:502' } });

    const failed = await replyReaches(api, bot, messageId, 'failed');
    expect(failed).toMatchObject({ attempts: 3, providerMessageId: null, nextAttemptAt: null, error: { code: 'telegram:500' } });
    expect(gate.arrivals).toHaveLength(3);
    expect(gate.arrivals[2]!.at).toBeGreaterThanOrEqual(Date.parse(second.nextAttemptAt!));
    const events = await eventsOf(api, bot.botId, 'message.failed');
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ messageId, attempts: 3, error: expect.objectContaining({ code: 'telegram:500' }) }),
    ]);
    expect(await eventsOf(api, bot.botId, 'message.sent')).toEqual([]);
    expect((await replyOf(api, bot, messageId)).status).toBe('failed');
  }, 30_000);
});
