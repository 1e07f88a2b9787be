/**
 * Reply delivery as an operator sees it on `GET /metrics`: the queue's depth (read from the shared
 * queue at scrape time), the provider requests in flight, sent / retried / failed counts and the
 * delivery latency per channel.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Workers } from '../../src/workers.ts';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { type FakeProvider, graphError, type ProviderGate, startFakeWhatsApp, startProviderGate } from '../helpers/fakes/index.ts';
import { callFor, createReplyBot, replyReaches, WHATSAPP } from '../helpers/scenario.ts';

/** The value of one sample in Prometheus text format, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (wanted.length === have.length && wanted.every((l) => have.includes(l))) return Number(match[3]);
  }
  return undefined;
}

describe('reply delivery metrics', () => {
  let t: TestApp;
  let api: Api;
  let workers: Workers;
  let fake: FakeProvider;
  let gate: ProviderGate;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_REPLY_RETRY_BASE_MS: '100' } });
    api = t.api;
    // Built as a worker process builds them, which also reports the queue depth; started later.
    workers = t.createWorkers();
    fake = await startFakeWhatsApp(WHATSAPP.credentials);
    gate = await startProviderGate(fake);
  });
  afterAll(async () => {
    await workers?.stop();
    await gate?.close();
    await fake?.close();
    await t?.close();
  });

  const metrics = async () => {
    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  it('shows queue depth and requests in flight, then sent, retried and failed counts and latency per channel', async () => {
    const bot = await createReplyBot(api, 'whatsapp', WHATSAPP.credentials, { apiBaseUrl: gate.apiBaseUrl });
    let text = await metrics();
    expect(sample(text, 'hookgate_reply_queue_bots', { state: 'scheduled' })).toBe(0);

    // Queued, no worker running yet: one bot with a due reply that nobody holds.
    const first = await callFor(api, bot, WHATSAPP.contact, 1);
    text = await metrics();
    expect(sample(text, 'hookgate_reply_queue_bots', { state: 'scheduled' })).toBe(1);
    expect(sample(text, 'hookgate_reply_queue_bots', { state: 'due' })).toBe(1);
    expect(sample(text, 'hookgate_reply_sends_in_flight')).toBe(0);

    // The provider fails the first attempt (answer held for now), then accepts the retry.
    fake.respondWith([graphError(500, 131000, 'Something went wrong')]);
    gate.holdNext(1);
    workers.replies.start();
    await expect.poll(() => gate.arrivals.length, POLL).toBe(1);
    text = await metrics();
    expect(sample(text, 'hookgate_reply_sends_in_flight')).toBe(1);
    expect(sample(text, 'hookgate_reply_queue_bots', { state: 'scheduled' })).toBe(1);
    expect(sample(text, 'hookgate_reply_queue_bots', { state: 'due' })).toBe(0);

    gate.release();
    expect(await replyReaches(api, bot, first, 'sent')).toMatchObject({ attempts: 2 });
    fake.respondWith([graphError(400, 131047, 'Re-engagement message')]);
    const second = await callFor(api, bot, WHATSAPP.contact, 2);
    await replyReaches(api, bot, second, 'failed');

    text = await metrics();
    expect(sample(text, 'hookgate_replies_total', { channel: 'whatsapp', result: 'retried' })).toBe(1);
    expect(sample(text, 'hookgate_replies_total', { channel: 'whatsapp', result: 'sent' })).toBe(1);
    expect(sample(text, 'hookgate_replies_total', { channel: 'whatsapp', result: 'failed' })).toBe(1);
    expect(sample(text, 'hookgate_reply_delivery_latency_seconds_count', { channel: 'whatsapp' })).toBe(1);
    expect(sample(text, 'hookgate_reply_delivery_latency_seconds_sum', { channel: 'whatsapp' })).toBeGreaterThan(0);
    expect(sample(text, 'hookgate_reply_sends_in_flight')).toBe(0);
    // Each stage of the two calls and the three attempts is timed (what the bench prints per stage).
    for (const stage of ['call_verify', 'call_read_body', 'call_evaluate', 'call_store_write']) {
      expect(sample(text, 'hookgate_stage_duration_seconds_count', { stage }), stage).toBe(2);
    }
    for (const stage of ['reply_prepare', 'reply_send', 'reply_settle']) {
      expect(sample(text, 'hookgate_stage_duration_seconds_count', { stage }), stage).toBe(3);
    }
    expect(sample(text, 'hookgate_stage_duration_seconds_count', { stage: 'reply_claim' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'hookgate_stage_duration_seconds_sum', { stage: 'reply_send' })).toBeGreaterThan(0);
    // The worker hands the bot back just after settling: then nothing is queued any more.
    const settled = await vi.waitFor(async () => {
      const now = await metrics();
      expect(sample(now, 'hookgate_reply_queue_bots', { state: 'scheduled' })).toBe(0);
      return now;
    }, POLL);
    expect(sample(settled, 'hookgate_reply_queue_bots', { state: 'scheduled' })).toBe(0);
    expect(sample(settled, 'hookgate_reply_queue_bots', { state: 'due' })).toBe(0);
  }, 30_000);

  it('shows the event delivery queue: a bot with undispatched events is due until a worker passes over it', async () => {
    const botId = (await api.post('/v1/bots', { name: 'Events only' })).body.id;
    expect((await api.post(`/v1/bots/${botId}/events`, { type: 'lead.created', data: {} })).status).toBe(202);
    let text = await metrics();
    expect(sample(text, 'hookgate_event_queue_bots', { state: 'due' })).toBeGreaterThanOrEqual(1);
    workers.events.start();
    await expect.poll(async () => sample(await metrics(), 'hookgate_event_queue_bots', { state: 'due' }), POLL).toBe(0);
    // Not due as soon as a worker holds it; off the schedule once its pass is over.
    await expect.poll(async () => sample(await metrics(), 'hookgate_event_queue_bots', { state: 'scheduled' }), POLL).toBe(0);
    text = await metrics();
    expect(sample(text, 'hookgate_event_queue_bots', { state: 'due' })).toBe(0);
  });
});
