/**
 * Reply workers as real processes (`node src/main.ts`) on real Redis: a SIGKILLed worker's reply is
 * taken over by another after its lease, a SIGTERMed one finishes and records the attempt it has
 * in flight, and the roles split the API from the workers.
 *
 * Delivery is at least once: a worker killed after the provider received its request but before it
 * recorded the answer leaves the provider with a request it will get again from the next worker.
 * What Hookgate keeps is one outcome: the message is recorded sent once, with the provider message
 * id of the delivery it saw answered, and one `message.sent` event.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { type Api, HttpApi } from '../helpers/api.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { type FakeProvider, type ProviderGate, startFakeReceiver, startFakeWhatsApp, startProviderGate } from '../helpers/fakes/index.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { callFor, createReplyBot, eventsOf, replyOf, replyReaches, WHATSAPP } from '../helpers/scenario.ts';
import {
  aSecret,
  connectionError,
  killAllServices,
  mintAdminToken,
  type ServiceProcess,
  startService,
  startWorkerProcess,
} from '../helpers/service-process.ts';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await killAllServices();
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function whatsappBehindGate(): Promise<{ fake: FakeProvider; gate: ProviderGate }> {
  const fake = await startFakeWhatsApp(WHATSAPP.credentials);
  const gate = await startProviderGate(fake);
  closers.push(
    () => gate.close(),
    () => fake.close(),
  );
  return { fake, gate };
}

describe('worker processes sharing the API’s Redis', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    // The API runs in this process and starts no worker; the workers are processes on its prefix.
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = t.api;
  });
  afterAll(async () => {
    await t?.close();
  });

  const startWorker = (env: Record<string, string> = {}): Promise<ServiceProcess> =>
    startWorkerProcess({
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: TEST_SECRET,
      HOOKGATE_REDIS_PREFIX: t.config.redisPrefix,
      HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
      ...env,
    });

  it('hands a SIGKILLed worker’s in-flight reply to another worker after the lease, recording one delivery', async () => {
    const { fake, gate } = await whatsappBehindGate();
    gate.holdNext(1);
    const bot = await createReplyBot(api, 'whatsapp', WHATSAPP.credentials, { apiBaseUrl: gate.apiBaseUrl });
    const first = await startWorker({ HOOKGATE_REPLY_LEASE_MS: '2000' });

    const calledAt = Date.now();
    const messageId = await callFor(api, bot, WHATSAPP.contact, 1);
    await expect.poll(() => gate.arrivals.length, POLL).toBe(1);
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // The dead worker's lease still stands: whether its request got through is unknown.
    expect((await replyOf(api, bot, messageId)).status).toBe('sending');

    const second = await startWorker({ HOOKGATE_REPLY_LEASE_MS: '2000' });
    const sent = await replyReaches(api, bot, messageId, 'sent', 20_000);

    // At least once: the provider got the request from both workers, the second not before the lease ran out.
    expect(fake.violations).toEqual([]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body).toBe(fake.requests[0]!.body);
    expect(gate.arrivals[1]!.at - calledAt).toBeGreaterThanOrEqual(2000);
    // Once in the record: the id the provider gave the answered delivery, one message.sent event.
    // `attempts` counts recorded attempts; the one lost with the first worker is not among them.
    expect(sent).toEqual({
      messageId,
      status: 'sent',
      simulated: false,
      attempts: 1,
      providerMessageId: 'wamid.FAKE2',
      nextAttemptAt: null,
      error: null,
      fallback: null,
    });
    const events = await eventsOf(api, bot.botId, 'message.sent');
    expect(events.map((e) => [e.data.messageId, e.data.providerMessageId])).toEqual([[messageId, 'wamid.FAKE2']]);

    // The lane moved on: the contact's next reply goes out once, after it.
    const next = await callFor(api, bot, WHATSAPP.contact, 2);
    await replyReaches(api, bot, next, 'sent');
    expect(fake.requests.map((r) => JSON.parse(r.body).text.body)).toEqual(['Message 1 for Ada', 'Message 1 for Ada', 'Message 2 for Ada']);
    expect((await eventsOf(api, bot.botId, 'message.sent')).map((e) => e.data.messageId)).toEqual([messageId, next]);

    expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('sends, from a worker started with another HOOKGATE_SCHEDULER_PARTITIONS, the replies accepted under 16', async () => {
    const { fake, gate } = await whatsappBehindGate();
    const bot = await createReplyBot(api, 'whatsapp', WHATSAPP.credentials, { apiBaseUrl: gate.apiBaseUrl });
    const messages = [await callFor(api, bot, WHATSAPP.contact, 1), await callFor(api, bot, WHATSAPP.contact, 2)];
    const client = await connectTestRedis();
    closers.push(() => client.close());
    const layouts = redisKeys(t.config.redisPrefix).schedulerLayouts;
    expect([...(await client.sMembers(layouts))]).toEqual(['16']);

    // A resize between restarts: the worker comes up on 5 partitions.
    const worker = await startWorker({ HOOKGATE_SCHEDULER_PARTITIONS: '5' });
    // Within seconds, not at the next reconcile a minute later, even when the worker's start-up
    // reconcile ran before its connection was ready.
    for (const messageId of messages) await replyReaches(api, bot, messageId, 'sent', 20_000);
    expect(fake.requests.map((r) => JSON.parse(r.body).text.body)).toEqual(['Message 1 for Ada', 'Message 2 for Ada']);
    // The worker registers its own count with its first reconcile, which may come after those sends.
    await expect.poll(async () => [...(await client.sMembers(layouts))].sort(), { ...POLL, timeout: 20_000 }).toEqual(['16', '5']);
    expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('on SIGTERM finishes the attempt in flight, records it, then exits 0', async () => {
    const { fake, gate } = await whatsappBehindGate();
    gate.holdNext(1);
    const bot = await createReplyBot(api, 'whatsapp', WHATSAPP.credentials, { apiBaseUrl: gate.apiBaseUrl });
    const worker = await startWorker();

    const messageId = await callFor(api, bot, WHATSAPP.contact, 1);
    await expect.poll(() => gate.arrivals.length, POLL).toBe(1);
    worker.child.kill('SIGTERM');
    await worker.waitForOutput(/draining/);
    await sleep(300);
    expect(worker.child.exitCode, 'the worker must wait for its provider call').toBeNull();
    expect((await replyOf(api, bot, messageId)).status).toBe('sending');

    gate.release();
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.stdout()).toContain('drained');
    // Recorded before the exit: no waiting here.
    expect(await replyOf(api, bot, messageId)).toEqual({
      messageId,
      status: 'sent',
      simulated: false,
      attempts: 1,
      providerMessageId: 'wamid.FAKE1',
      nextAttemptAt: null,
      error: null,
      fallback: null,
    });
    expect((await eventsOf(api, bot.botId, 'message.sent')).map((e) => e.data.messageId)).toEqual([messageId]);
    expect(fake.requests).toHaveLength(1);
  }, 60_000);
});

describe('roles', () => {
  const prefix = uniquePrefix();
  afterAll(async () => {
    const client = await connectTestRedis();
    await deletePrefix(client, prefix);
    await client.close();
  });

  it('HOOKGATE_ROLE=api accepts calls and sends nothing; HOOKGATE_ROLE=worker sends them and listens on no port', async () => {
    const fake = await startFakeReceiver();
    closers.push(() => fake.close());
    const secret = aSecret();
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: secret,
      HOOKGATE_REDIS_PREFIX: prefix,
      HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
    };
    const apiProcess = await startService({ ...env, HOOKGATE_ROLE: 'api' });
    const http = await HttpApi.connect(apiProcess.baseUrl, await mintAdminToken(secret));
    const bot = await createReplyBot(http, 'http', undefined, { url: `${fake.origin}/replies` });

    const messageId = await callFor(http, bot, 'user-1', 1);
    // With no worker anywhere the reply waits; an `all` process would have sent it in well under this.
    await sleep(2000);
    expect((await replyOf(http, bot, messageId)).status).toBe('queued');
    expect(fake.requests).toHaveLength(0);

    const worker = await startWorkerProcess(env);
    const sent = await replyReaches(http, bot, messageId, 'sent', 20_000);
    expect(sent).toMatchObject({ attempts: 1, providerMessageId: messageId });
    expect(fake.requests.map((r) => JSON.parse(r.body).id)).toEqual([messageId]);
    expect(await connectionError(worker.baseUrl)).toBe('ECONNREFUSED');
    expect(worker.stdout()).not.toMatch(/hookgate listening/);

    expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await apiProcess.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);
});
