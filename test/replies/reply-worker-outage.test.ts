/**
 * A reply whose provider call finished while Redis was away: the worker records the outcome once
 * Redis is back instead of dropping it (which would leave the lane leased for a minute and then
 * send the message a second time).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelAdapter, SendRequest } from '../../src/channels/adapter.ts';
import { ReplyWorker } from '../../src/replies/worker.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import type { ReplyQueue } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { silentLogger } from '../helpers/redis.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';

/** A sandbox stand-in that holds each send until the test lets it finish. */
class GatedAdapter implements ChannelAdapter {
  readonly channel = 'sandbox' as const;
  readonly sent: SendRequest['message'][] = [];
  private open: (() => void) | null = null;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  async send({ message }: SendRequest) {
    this.sent.push(message);
    await this.gate;
    return { ok: true as const, providerMessageId: `prov-${this.sent.length}` };
  }

  release(): void {
    this.open?.();
  }
}

describe.skipIf(!hasRedisServer)('the reply worker across a Redis outage', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let worker: ReplyWorker | null = null;
  const adapter = new GatedAdapter();
  let settleFailures = 0;

  beforeAll(async () => {
    redis = await startPrivateRedis({ persistent: true });
    t = await createTestApp({ env: { REDIS_URL: redis.url } });
  }, 30_000);

  afterAll(async () => {
    adapter.release();
    await worker?.stop();
    await redis.start().catch(() => {});
    await t?.close();
    await redis?.close();
  });

  it('records a send that finished during the outage once Redis is back, and does not send it twice', async () => {
    const { services } = t;
    // The real queue, watched: the test needs to know the worker tried to settle while Redis was down.
    const replies: ReplyQueue = Object.create(services.replies, {
      settle: {
        value: async (...args: Parameters<ReplyQueue['settle']>) => {
          try {
            return await services.replies.settle(...args);
          } catch (err) {
            if (err instanceof StoreUnavailableError) settleFailures++;
            throw err;
          }
        },
      },
    });
    worker = new ReplyWorker(
      {
        store: services.store,
        replies,
        adapters: new Map([['sandbox', adapter]]),
        clock: services.clock,
        logger: silentLogger,
        metrics: services.metrics,
        secrets: services.secrets,
      },
      { pollMs: 50 },
    );
    worker.start();

    const api = t.api;
    const bot = (await api.post('/v1/bots', { name: 'Outage bot' })).body;
    expect((await api.post(`/v1/bots/${bot.id}/channels`, { channel: 'sandbox', alias: 'box' })).status).toBe(201);
    const block = (
      await api.post(`/v1/bots/${bot.id}/webhooks`, { name: 'Hi', type: 'conversational', variables: [], reply: { text: 'Hello' } })
    ).body;
    const call = await api.withToken(block.tokens.production).post(`/hooks/${block.id}`, { contact_reference_id: 'c-1' });
    expect(call.status, call.text).toBe(202);

    await expect.poll(() => adapter.sent.length, { ...POLL, message: 'the provider call to start' }).toBe(1);
    await redis.stop('SIGKILL');
    adapter.release();
    await expect.poll(() => settleFailures, { ...POLL, message: 'the worker to try to settle while Redis is down' }).toBeGreaterThan(0);
    await redis.start();

    const reply = await vi.waitFor(async () => {
      const res = await api.get(`/v1/bots/${bot.id}/webhooks/${block.id}/activity`);
      const entry = res.body.data?.[0];
      expect(entry?.reply?.status, 'the reply recorded as sent').toBe('sent');
      return entry.reply;
    }, POLL);
    expect(reply).toMatchObject({ messageId: call.body.reply.messageId, attempts: 1, providerMessageId: 'prov-1', error: null });
    expect(adapter.sent.map((m) => m.id)).toEqual([call.body.reply.messageId]);
    const events = (await api.get(`/v1/bots/${bot.id}/events`)).body.data as any[];
    expect(events.filter((e) => e.type === 'message.sent')).toHaveLength(1);
  }, 60_000);
});
