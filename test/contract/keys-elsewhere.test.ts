/**
 * A claim on Redis that finds a due lane empty, its head message missing, or a due delivery's
 * record missing, drops nothing. On a Redis Cluster that is what a claim sees while the bot's slot
 * moves between two masters: the script runs on one node, and a key it reads without declaring it
 * may already (or still) be on the other. The claim looks again a second later, and once the keys
 * are back (the move done) the work is handed out, in order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/store/redis-keys.ts';
import type { ReplyQueue, Store } from '../../src/store/store.ts';
import { aBot, aMessage, anInboundWrite, aWebhook } from '../helpers/fixtures.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { type ContractBackend, contractBackend } from './backends.ts';
import { aDelivery, aSubscription } from './subscriptions-contract.ts';

describe('a Redis claim that cannot see the keys it reads undeclared', () => {
  let subject: ContractBackend;
  let store: Store;
  let replies: ReplyQueue;
  let botId: string;
  let webhookId: string;

  beforeEach(async () => {
    subject = await contractBackend('redis');
    store = subject.backend.store;
    replies = subject.backend.replies;
    const bot = aBot();
    await store.createBot(bot);
    botId = bot.id;
    webhookId = aWebhook(botId).id;
  });
  afterEach(() => subject.cleanup());

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
    ['reads as empty', 'lane'],
    ['whose head message it cannot read', 'message'],
  ] as const)('keeps a lane it %s, and hands it out in order once it can see it', async (_, what) => {
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
    const outbound = subject.backend.subscriptions;
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
});
