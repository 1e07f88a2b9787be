/**
 * The contract suites of the store, the queues (reply lanes, deliveries), the activity log, live
 * chat and the admin records on a Redis Cluster of 3 masters and 3 replicas that this file starts:
 * the same suites as on one Redis and in memory, through the same createBackend, with
 * HOOKGATE_REDIS_CLUSTER's client. Every bot, workspace and index lands on whichever master its
 * hash tag says, so a command, script or MULTI that crossed slots fails here (CROSSSLOT).
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { connectRedis } from '../../src/store/backend.ts';
import { aBot, aMessage, aWebhook } from '../helpers/fixtures.ts';
import { connectTestRedis, silentLogger } from '../helpers/redis.ts';
import { localClusterForFile } from '../helpers/redis-cluster.ts';
import { describeActivityContract } from './activity-contract.ts';
import { describeAdminIdempotencyContract } from './admin-idempotency-contract.ts';
import { clusterKeysWith, contractBackend } from './backends.ts';
import { describeBotDeletionContract, inbound } from './bot-deletion-contract.ts';
import { describeLiveChatContract } from './livechat-contract.ts';
import { describeStoreContract } from './store-contract.ts';
import { describeSubscriptionContract } from './subscriptions-contract.ts';
import { describeTokenDenyListContract } from './token-denylist-contract.ts';

const cluster = localClusterForFile();

const onCluster = () => contractBackend('cluster', { redisUrl: cluster().url });

describeStoreContract('cluster', async () => {
  const { backend, cleanup } = await onCluster();
  return { store: backend.store, replies: backend.replies, cleanup };
});

describeActivityContract('cluster', async () => {
  const { backend, cleanup } = await onCluster();
  return { store: backend.store, replies: backend.replies, subscriptions: backend.subscriptions, cleanup };
});

describeSubscriptionContract('cluster', async () => {
  const { backend, clock, prefix, cleanup } = await onCluster();
  return {
    store: backend.store,
    outbound: backend.subscriptions,
    clock,
    keysWith: (text: string) => clusterKeysWith(cluster().url, `${prefix}:*${text}*`),
    cleanup,
  };
});

describeLiveChatContract('cluster', async () => {
  const { backend, prefix, cleanup } = await onCluster();
  return {
    liveChat: backend.liveChat,
    store: backend.store,
    keysOf: (botId: string) => clusterKeysWith(cluster().url, `${prefix}:*{${botId}}*`),
    cleanup,
  };
});

describeBotDeletionContract('cluster', async () => ({
  subject: await onCluster(),
  redis: await connectRedis(cluster().url, silentLogger, 'test', { cluster: true }),
}));

describeTokenDenyListContract('cluster', async () => {
  const { backend, cleanup } = await onCluster();
  return { denyList: backend.tokenDenyList, cleanup };
});

describeAdminIdempotencyContract('cluster', async () => {
  const { backend, clock, cleanup } = await onCluster();
  return { store: backend.adminIdempotency, clock, expiresByClock: false, cleanup };
});

describe('the cluster under the suites', () => {
  it('spreads bots over the masters, and a scan node by node finds every key', async () => {
    const { backend, prefix, cleanup } = await onCluster();
    try {
      const bots = Array.from({ length: 12 }, () => aBot());
      for (const bot of bots) await backend.store.createBot(bot);
      const found = await clusterKeysWith(cluster().url, `${prefix}:bot:*`);
      expect(found.sort()).toEqual(bots.map((b) => `${prefix}:bot:{${b.id}}`).sort());
      // Each master, asked alone, holds some of them: the bots did not all land on one.
      const masters = (await cluster().nodes()).filter((n) => n.role === 'master');
      const perMaster = await Promise.all(
        masters.map(async ({ port }) => {
          const node = await connectTestRedis(`redis://127.0.0.1:${port}`);
          try {
            let count = 0;
            for await (const batch of node.scanIterator({ MATCH: `${prefix}:bot:*`, COUNT: 1000 })) count += batch.length;
            return count;
          } finally {
            await node.close();
          }
        }),
      );
      expect(perMaster.filter((n) => n > 0).length).toBeGreaterThan(1);
      expect(perMaster.reduce((a, b) => a + b, 0)).toBe(bots.length);
    } finally {
      await cleanup();
    }
  });

  it('finds every bot with work when the schedules lost them (reconcile: SSCAN of the bots’ index)', async () => {
    const { backend, cleanup } = await onCluster();
    try {
      const { store, replies, subscriptions, schedulers } = backend;
      const bots = Array.from({ length: 6 }, () => aBot());
      for (const bot of bots) {
        await store.createBot(bot);
        const block = aWebhook(bot.id);
        await store.createWebhook(block);
        const config = await store.loadHook(block.id);
        const write = inbound(bot.id, block.id, config!.version, { message: aMessage(bot.id, { accountId: block.accountId }) });
        expect(await store.acceptInbound(write)).toEqual({ kind: 'accepted' });
        // As if the signals had been lost.
        await schedulers.replies.remove(bot.id);
        await schedulers.events.remove(bot.id);
      }
      const now = Date.now();
      expect(await replies.reconcile(now)).toBeGreaterThanOrEqual(bots.length);
      expect(await subscriptions.reconcile(now)).toBeGreaterThanOrEqual(bots.length);
      const claimed = (await replies.claimBots(now + 1000, 100, 30_000)).map((c) => c.botId);
      expect(claimed).toEqual(expect.arrayContaining(bots.map((b) => b.id)));
    } finally {
      await cleanup();
    }
  });

  it('wakes the workers of another process through the cluster’s pub/sub', async () => {
    const one = await onCluster();
    const other = await contractBackend('cluster', { redisUrl: cluster().url, prefix: one.prefix });
    try {
      const bot = newId('bot');
      const now = Date.now();
      let woken = false;
      const started = Date.now();
      const waiting = other.backend.schedulers.replies.waitForWork(10_000).finally(() => (woken = true));
      // The wait subscribes as it starts; a signal published before that lands is missed, so signal
      // again (each time earlier: only a move publishes) until it wakes.
      for (let i = 0; i < 40 && !woken; i++) {
        await one.backend.schedulers.signal(bot, now - i, { replies: true });
        await new Promise((r) => setTimeout(r, 100));
      }
      await waiting;
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await other.backend.close();
      await one.cleanup();
    }
  });
});
