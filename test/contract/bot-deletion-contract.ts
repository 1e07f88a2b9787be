import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/store/backend.ts';
import type { RedisClient } from '../../src/store/redis/client.ts';
import type { InboundWrite } from '../../src/store/store.ts';
import { aBot, aMessage, anEvent, anInboundWrite, aWebhook } from '../helpers/fixtures.ts';
import type { ContractBackend } from './backends.ts';

export function inbound(botId: string, webhookId: string, version: string, overrides: Partial<InboundWrite> = {}): InboundWrite {
  return anInboundWrite(botId, webhookId, {
    rateLimit: { limit: 100_000, periodSeconds: 1 },
    events: [anEvent(botId)],
    configVersion: version,
    ...overrides,
  });
}

export interface BotDeletionSubject {
  subject: ContractBackend;
  /** A connection to the same Redis (or cluster) that reads the keys behind the store; null in memory. */
  redis: RedisClient | null;
}

/**
 * Deleting a bot, held to account key by key on Redis (a single node or a cluster: the sweep's SCAN
 * runs on the master of the bot's slot) and by its reads in memory.
 */
export function describeBotDeletionContract(kind: string, make: () => Promise<BotDeletionSubject>): void {
  describe(`bot deletion contract: ${kind}`, () => {
    let subject: ContractBackend;
    let backend: Backend;
    let redis: RedisClient | null;

    beforeEach(async () => {
      ({ subject, redis } = await make());
      backend = subject.backend;
    });
    afterEach(async () => {
      await redis?.close();
      await subject.cleanup();
    });

    /** Every Redis key that carries the bot's hash tag (none on memory: nothing to scan). */
    async function keysOf(botId: string): Promise<string[]> {
      if (!redis) return [];
      const found: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${subject.prefix}:*{${botId}}*`, COUNT: 1000 })) found.push(...batch);
      return found;
    }

    /** A bot with a webhook, a stored call (variables, activity, events, idempotency, a queued reply) and a subscription. */
    async function aBusyBot() {
      const { store, replies, subscriptions } = backend;
      const bot = aBot();
      await store.createBot(bot);
      const block = aWebhook(bot.id);
      await store.createWebhook(block);
      const config = await store.loadHook(block.id);
      const message = aMessage(bot.id, { accountId: block.accountId });
      const write = inbound(bot.id, block.id, config!.version, {
        message,
        idempotency: { key: 'k1', record: { bodyHash: 'h', status: 202, response: {} } },
      });
      expect(await store.acceptInbound(write)).toEqual({ kind: 'accepted' });
      await subscriptions.putSubscription({
        id: 'sub_000000000000000000a1',
        botId: bot.id,
        url: 'https://example.com/hook',
        events: ['*'],
        enabled: true,
        createdAt: bot.createdAt,
        updatedAt: bot.createdAt,
      } as never);
      return { bot, block, config: config!, message, replies };
    }

    it('from the mark, the bot reads as absent, its webhook resolves to nothing and a write is refused', async () => {
      const { store } = backend;
      const { bot, block, config, replies } = await aBusyBot();
      await store.deleteBot(bot.id, { sweep: false });

      expect(await store.getBot(bot.id)).toBeNull();
      expect((await store.listBots(bot.workspaceId, { limit: 100 })).items.map((b) => b.id)).not.toContain(bot.id);
      expect(await store.loadHook(block.id)).toBeNull();
      expect(await store.getWebhook(block.id)).toBeNull();
      // A call evaluated against the config read before the mark writes nothing.
      const late = inbound(bot.id, block.id, config.version, { contact: '+14155550999' });
      expect(await store.acceptInbound(late)).toEqual({ kind: 'stale' });
      expect(await store.acceptInbound({ ...late, configVersion: null })).toEqual({ kind: 'stale' });
      expect(await store.getVariables(bot.id, 'production', 'whatsapp', '+14155550999')).toBeNull();
      // Workers find none of its work.
      expect(await replies.claimLanes(bot.id, Date.now() + 1000, 10, 30_000)).toEqual([]);
      expect(await backend.subscriptions.claimDeliveries(bot.id, Date.now() + 1000, 10, 30_000)).toEqual([]);
      expect((await replies.claimBots(Date.now() + 1000, 100, 30_000)).map((b) => b.botId)).not.toContain(bot.id);
      expect((await backend.subscriptions.readUndispatched(bot.id, 10)).events).toEqual([]);
    });

    it('the sweep leaves no key of the bot', async () => {
      const { store } = backend;
      const { bot, block, message } = await aBusyBot();
      if (redis) expect((await keysOf(bot.id)).length).toBeGreaterThan(5);
      await store.deleteBot(bot.id, { sweep: false });
      expect(await store.sweepDeletedBots()).toBe(true);
      expect(await keysOf(bot.id)).toEqual([]);
      if (redis) expect(await redis.get(`${subject.prefix}:whidx:{${block.id}}`)).toBeNull();
      expect(await store.getVariables(bot.id, 'production', 'whatsapp', '+14155550123')).toBeNull();
      expect(await store.getMessages(bot.id, [message.id])).toEqual([null]);
      expect(await store.getIdempotency(bot.id, 'k1')).toBeNull();
      expect((await store.listEvents(bot.id, { limit: 10 })).items).toEqual([]);
      expect(await store.listWebhooks(bot.id)).toEqual([]);
      expect(await backend.subscriptions.listSubscriptions(bot.id)).toEqual([]);
    });

    it('a reply send under way at the delete records nothing after the sweep', async () => {
      const { store } = backend;
      const { bot, block, message } = await aBusyBot();
      await store.deleteBot(bot.id, { sweep: false });
      expect(await store.sweepDeletedBots()).toBe(true);
      const sent = {
        id: 'sbx_1',
        messageId: message.id,
        contact: message.contact,
        text: 'Hi',
        environment: 'production' as const,
        sentAt: new Date().toISOString(),
      };
      await store.appendSandboxMessage(bot.id, block.accountId, sent);
      expect(await keysOf(bot.id)).toEqual([]);
      expect((await store.listSandboxMessages(bot.id, block.accountId, { limit: 10 })).items).toEqual([]);
    });

    it('deleting sweeps in the background without being asked', async () => {
      const { store } = backend;
      const { bot } = await aBusyBot();
      await store.deleteBot(bot.id);
      await expect.poll(() => keysOf(bot.id)).toEqual([]);
      await expect.poll(() => store.sweepDeletedBots()).toBe(true);
    });

    it('a sweep cut short is finished by a later one', async () => {
      const { store } = backend;
      const { bot, block } = await aBusyBot();
      if (redis) {
        // Enough keys that one UNLINK batch (a SCAN page) cannot take them all.
        const multi = redis.multi();
        for (let i = 0; i < 3000; i++) multi.addCommand(['SET', `${subject.prefix}:bot:{${bot.id}}:vars:production:sms:c${i}`, '1']);
        await multi.exec();
      }
      await store.deleteBot(bot.id, { sweep: false });
      if (redis) {
        expect(await store.sweepDeletedBots({ maxBatches: 1 })).toBe(false);
        expect((await keysOf(bot.id)).length).toBeGreaterThan(0);
        // Still refused while half swept.
        expect(await store.loadHook(block.id)).toBeNull();
        expect(await store.getBot(bot.id)).toBeNull();
      }
      expect(await store.sweepDeletedBots()).toBe(true);
      expect(await keysOf(bot.id)).toEqual([]);
      expect(await store.sweepDeletedBots()).toBe(true);
    });
  });
}
