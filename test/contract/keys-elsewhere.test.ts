/**
 * A claim on a Redis Cluster that finds a due lane empty, its head message missing, or a due
 * delivery's record missing, drops nothing: that is what a claim sees on the node a moving slot
 * goes to, where a key the script reads without declaring it may still be on the other node. It
 * looks again a second later, and once the keys are there (the move done) the work is handed out,
 * in order. On one Redis nothing moves, and a missing key is gone for good: the claim drops it.
 * (Here the cluster's behaviour is asked for on one Redis, and the keys are hidden with RENAME.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RedisNodeClient } from '../../src/store/redis/client.ts';
import { RedisReplyQueue } from '../../src/store/redis/redis-reply-queue.ts';
import { RedisSubscriptionStore } from '../../src/store/redis/redis-subscriptions.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import type { ReplyQueue, Store } from '../../src/store/store.ts';
import type { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { aBot, aMessage, anInboundWrite, aWebhook } from '../helpers/fixtures.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { type ContractBackend, contractBackend } from './backends.ts';
import { aDelivery, aSubscription } from './subscriptions-contract.ts';

describe('a Redis claim that cannot see the keys it reads undeclared', () => {
  let subject: ContractBackend;
  let client: RedisNodeClient;
  let store: Store;
  /** The cluster's claims (`redisCluster: true`), on the same keys. */
  let replies: ReplyQueue;
  let outbound: SubscriptionStore;
  let botId: string;
  let webhookId: string;

  beforeEach(async () => {
    subject = await contractBackend('redis');
    store = subject.backend.store;
    client = await connectTestRedis();
    const options = { prefix: subject.prefix, eventRetention: 10_000, schedulers: subject.backend.schedulers, redisCluster: true };
    replies = new RedisReplyQueue(client, options);
    outbound = new RedisSubscriptionStore(client, options);
    const bot = aBot();
    await store.createBot(bot);
    botId = bot.id;
    webhookId = aWebhook(botId).id;
  });
  afterEach(async () => {
    await client.close();
    await subject.cleanup();
  });

  async function queue(contact: string, now: number) {
    const message = aMessage(botId, { contact });
    const result = await store.acceptInbound(anInboundWrite(botId, webhookId, { now, contact, variables: {}, message }));
    expect(result).toEqual({ kind: 'accepted' });
    return message;
  }

  /** Moves a key out of the claim's sight and back, as a slot migration would (RENAME away, RENAME back). */
  async function hidden<T>(key: string, during: () => Promise<T>): Promise<T> {
    const client = await connectTestRedis();
    try {
      await client.rename(key, `${key}:elsewhere`);
      try {
        return await during();
      } finally {
        await client.rename(`${key}:elsewhere`, key);
      }
    } finally {
      await client.close();
    }
  }

  it.each([
    ['it reads as empty', 'lane'],
    ['whose head message it cannot read', 'message'],
  ] as const)('keeps a lane %s, and hands it out in order once it can see it', async (_, what) => {
    const now = Date.now();
    const first = await queue('+14155550001', now);
    const second = await queue('+14155550001', now);
    const k = redisKeys(subject.prefix);
    const lane = `${first.accountId}:${first.contact}`;
    const key = what === 'lane' ? k.lane(botId, lane) : k.message(botId, first.id);

    await hidden(key, async () => {
      expect(await replies.claimLanes(botId, now, 10, 30_000)).toEqual([]);
    });
    // Not dropped: due again a second later, with both messages, in order.
    expect(await replies.claimLanes(botId, now + 999, 10, 30_000)).toEqual([]);
    const [lease] = await replies.claimLanes(botId, now + 1000, 10, 30_000);
    expect(lease?.message.id).toBe(first.id);
    expect(
      await replies.settle(lease!, { message: { ...first, status: 'sent', attempts: 1 }, outcome: 'done', events: [] }, now + 1000),
    ).toEqual({
      settled: true,
      laneDueNow: true,
    });
    const [next] = await replies.claimLanes(botId, now + 1000, 10, 30_000);
    expect(next?.message.id).toBe(second.id);
  });

  it('keeps a due delivery whose record it cannot read, and hands it out once it can', async () => {
    const now = Date.now();
    const sub = aSubscription(botId);
    await outbound.putSubscription(sub);
    const delivery = aDelivery(botId, sub.id, new Date(now).toISOString());
    const { cursor } = await outbound.readUndispatched(botId, 1);
    await outbound.commitDispatch(botId, cursor, cursor, [delivery], now);
    const k = redisKeys(subject.prefix);

    await hidden(k.delivery(botId, delivery.id), async () => {
      expect(await outbound.claimDeliveries(botId, now, 10, 30_000)).toEqual([]);
    });
    expect(await outbound.claimDeliveries(botId, now + 999, 10, 30_000)).toEqual([]);
    const [lease] = await outbound.claimDeliveries(botId, now + 1000, 10, 30_000);
    expect(lease?.delivery.id).toBe(delivery.id);
  });

  it('drops them on one Redis, where nothing moves and a missing key is gone for good', async () => {
    const now = Date.now();
    const first = await queue('+14155550002', now);
    const second = await queue('+14155550002', now);
    const k = redisKeys(subject.prefix);
    const single = subject.backend.replies;
    await client.del(k.message(botId, first.id));
    // The head's id is dropped, and the lane goes on with the next message.
    expect(await single.claimLanes(botId, now, 10, 30_000)).toEqual([]);
    const [lease] = await single.claimLanes(botId, now, 10, 30_000);
    expect(lease?.message.id).toBe(second.id);
  });
});
