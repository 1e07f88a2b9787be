/**
 * The Redis schedulers' partitions: the partition function, each partition its own slot, resizing
 * (from the single `{sched}` schedule before partitions, and 16 → 4) without losing a bot or its
 * time, wake-ups through sharded pub/sub (and plain pub/sub where the server has no sharded one),
 * and what a claim and a signal cost in Redis commands.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { newId } from '../../src/lib/ids.ts';
import { partitionOf } from '../../src/scheduling/partitions.ts';
import { type RedisBotScheduler, redisSchedulers } from '../../src/scheduling/redis-bot-scheduler.ts';
import type { RedisNodeClient } from '../../src/store/redis/client.ts';
import type { RedisClient } from '../../src/store/redis/run-script.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { contractBackend } from '../contract/backends.ts';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { hasRedisServer, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.ts';
import { botsIn } from '../helpers/scheduler.ts';

const ids = (claims: { botId: string }[]) => claims.map((c) => c.botId);

/** The part of a key Redis Cluster hashes: between the first `{` and the next `}`, when not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('HOOKGATE_SCHEDULER_PARTITIONS', () => {
  it('defaults to 16, and takes a whole number from 1 to 1024', () => {
    expect(loadConfig({}).schedulerPartitions).toBe(16);
    expect(loadConfig({ HOOKGATE_SCHEDULER_PARTITIONS: '4' }).schedulerPartitions).toBe(4);
    expect(() => loadConfig({ HOOKGATE_SCHEDULER_PARTITIONS: '0' })).toThrow(/^invalid HOOKGATE_SCHEDULER_PARTITIONS/);
    expect(() => loadConfig({ HOOKGATE_SCHEDULER_PARTITIONS: '1025' })).toThrow(/^invalid HOOKGATE_SCHEDULER_PARTITIONS/);
    expect(() => loadConfig({ HOOKGATE_SCHEDULER_PARTITIONS: 'many' })).toThrow(/^invalid HOOKGATE_SCHEDULER_PARTITIONS/);
  });
});

describe('partitionOf', () => {
  it('is the 32-bit FNV-1a hash of the id’s UTF-8 bytes modulo the count', () => {
    // Values computed by an independent implementation of FNV-1a.
    expect(partitionOf('a', 16)).toBe(0xe40c292c % 16);
    expect(partitionOf('bot_abc', 16)).toBe(0xa2a0862d % 16);
    expect(partitionOf('bot_Gx5tGFOJvVbRDMxWGra2', 16)).toBe(0x5d3d36e9 % 16);
    expect(partitionOf('bøt_é', 4)).toBe(0xf1bb87db % 4);
    expect(partitionOf('bot_abc', 1)).toBe(0);
  });

  it('spreads bot ids evenly over the partitions', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) {
      const p = partitionOf(newId('bot'), 16);
      counts[p] = counts[p]! + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
    for (const count of counts) expect(count).toBeLessThan(1200);
  });
});

describe('partitioned Redis schedulers', () => {
  let client: RedisClient;
  const cleanups: (() => Promise<void>)[] = [];
  const now = Date.now();

  beforeAll(async () => {
    client = await connectTestRedis();
  });
  afterAll(async () => {
    await client.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function backend(options: { prefix?: string; schedulerPartitions?: number } = {}) {
    const subject = await contractBackend('redis', options);
    cleanups.push(subject.cleanup);
    return subject;
  }

  it('keeps each partition of both schedulers in a slot of its own', async () => {
    const { backend: b, prefix } = await backend();
    const bot = newId('bot');
    await b.schedulers.signal(bot, now, { replies: true, events: true });
    const p = partitionOf(bot, 16);
    const keys = redisKeys(prefix);
    // Redis Cluster hashes only the hash tag: names with the same tag share a slot.
    const names = [keys.replySchedule(p), keys.eventSchedule(p), keys.replyWakeChannel(p), keys.eventWakeChannel(p)];
    expect(names.map(hashTag)).toEqual(names.map(() => `sched:${p}`));
    const tags = new Set(Array.from({ length: 16 }, (_, n) => hashTag(keys.replySchedule(n))));
    expect(tags.size).toBe(16);
    expect(hashTag(keys.legacyReplySchedule)).toBe('sched');
    expect(await client.zScore(keys.replySchedule(p), bot)).toBe(now);
    expect(await client.zScore(keys.eventSchedule(p), bot)).toBe(now);
  });

  it('moves the bots of the single schedule from before partitions into their partitions, keeping their times', async () => {
    const prefix = uniquePrefix();
    const keys = redisKeys(prefix);
    const [due, later, leased, event] = [newId('bot'), newId('bot'), newId('bot'), newId('bot')];
    // What a deployment from before partitions left: a due bot, a retry, a worker's lease.
    await client.zAdd(keys.legacyReplySchedule, [
      { value: due, score: now - 5 },
      { value: later, score: now + 60_000 },
      { value: leased, score: now + 30_000.5 },
    ]);
    await client.zAdd(keys.legacyEventSchedule, { value: event, score: now });
    const { backend: b } = await backend({ prefix });
    // Reconcile (at start and every minute) adopts them; no bot here has queued work of its own.
    expect(await b.replies.reconcile(now)).toBe(3);
    expect(await b.subscriptions.reconcile(now)).toBe(1);
    expect(await client.exists([keys.legacyReplySchedule, keys.legacyEventSchedule])).toBe(0);
    const hour = 3_600_000;
    expect(ids(await b.schedulers.replies.claim(now, 16, hour))).toEqual([due]);
    expect(ids(await b.schedulers.events.claim(now, 16, hour))).toEqual([event]);
    expect(ids(await b.schedulers.replies.claim(now + 30_000, 16, hour))).toEqual([]);
    expect(ids(await b.schedulers.replies.claim(now + 30_001, 16, hour))).toEqual([leased]);
    expect(ids(await b.schedulers.replies.claim(now + 60_000, 16, hour))).toEqual([later]);
    expect(await b.schedulers.replies.adopt()).toBe(0);
  });

  it('moves the bots of partitions beyond a smaller count (16 → 4), also from a process still on 16', async () => {
    const { backend: before, prefix } = await backend({ schedulerPartitions: 16 });
    const keys = redisKeys(prefix);
    const bots = Array.from({ length: 40 }, () => newId('bot'));
    // Half due now, half in a minute; on both schedulers.
    await Promise.all(bots.map((bot, i) => before.schedulers.signal(bot, i % 2 ? now + 60_000 : now, { replies: true, events: true })));
    const [leased] = await before.schedulers.replies.claim(now, 1, 30_000);
    expect(await before.schedulers.replies.depth(now)).toEqual({ scheduledBots: 40, dueBots: 19 });
    const highs = Array.from({ length: 12 }, (_, i) => keys.replySchedule(i + 4));
    expect(await Promise.all(highs.map((key) => client.zCard(key))).then((c) => c.reduce((a, b) => a + b))).toBeGreaterThan(0);

    const { backend: after } = await backend({ prefix, schedulerPartitions: 4 });
    expect(await after.schedulers.replies.adopt()).toBeGreaterThan(0);
    expect(await after.schedulers.events.adopt()).toBeGreaterThan(0);
    for (const key of [...highs, ...Array.from({ length: 12 }, (_, i) => keys.eventSchedule(i + 4))])
      expect(await client.exists(key)).toBe(0);
    expect(await after.schedulers.replies.depth(now)).toEqual({ scheduledBots: 40, dueBots: 19 });
    expect(await after.schedulers.events.depth(now)).toEqual({ scheduledBots: 40, dueBots: 20 });
    for (const bot of bots) expect(await client.zScore(keys.replySchedule(partitionOf(bot, 4)), bot)).not.toBeNull();
    // Due times and the lease kept: the due ones now, the others in a minute, the leased one when its lease runs out.
    const dueNow = bots.filter((bot, i) => i % 2 === 0 && bot !== leased!.botId).sort();
    const hour = 3_600_000;
    expect(ids(await after.schedulers.replies.claim(now, 64, hour)).sort()).toEqual(dueNow);
    expect(ids(await after.schedulers.replies.claim(now + 30_000, 64, hour))).toEqual([]);
    const rest = bots.filter((bot) => !dueNow.includes(bot)).sort();
    expect(ids(await after.schedulers.replies.claim(now + 60_000, 64, hour)).sort()).toEqual(rest);

    // A process still on 16 partitions during a rolling restart: what it signals is moved by the next adopt.
    const straggler = botsIn(9, 1)[0]!;
    await before.schedulers.signal(straggler, now, { replies: true });
    expect(await client.zScore(keys.replySchedule(9), straggler)).toBe(now);
    expect(await after.schedulers.replies.adopt()).toBe(1);
    expect(ids(await after.schedulers.replies.claim(now, 64, hour))).toEqual([straggler]);
  });

  it.each([
    [16, 5],
    [4, 16],
  ])('moves the bots a count of %i left in partitions that are not theirs under %i, as they come due', async (from, to) => {
    const { backend: before, prefix } = await backend({ schedulerPartitions: from });
    const keys = redisKeys(prefix);
    const bots = Array.from({ length: 30 }, () => newId('bot'));
    await Promise.all(bots.map((bot, i) => before.schedulers.signal(bot, i % 2 ? now + 60_000 : now, { replies: true })));
    const { backend: after } = await backend({ prefix, schedulerPartitions: to });
    await after.schedulers.replies.adopt();
    const hour = 3_600_000;
    const claimAll = async (at: number) => {
      const claimed: string[] = [];
      for (let i = 0; i < 4; i++) claimed.push(...ids(await after.schedulers.replies.claim(at, 64, hour)));
      return claimed.sort();
    };
    expect(await claimAll(now)).toEqual(bots.filter((_, i) => i % 2 === 0).sort());
    expect(await claimAll(now + 60_000)).toEqual(bots.filter((_, i) => i % 2 === 1).sort());
    // Each bot is now in its own partition only.
    const partitions = Array.from({ length: Math.max(from, to) }, (_, p) => p);
    for (const bot of bots) {
      const held = await Promise.all(partitions.map((p) => client.zScore(keys.replySchedule(p), bot)));
      expect(partitions.filter((p) => held[p] !== null)).toEqual([partitionOf(bot, to)]);
    }
  });
});

/**
 * Wake-ups between processes: one set of schedulers signals, the other waits with known-empty
 * partitions skipped for an hour, so only the wake-up can make its claim find the bot.
 */
describe.skipIf(!hasRedisServer).each([
  { server: 'Redis 7 (sharded pub/sub)', args: [] as string[], mode: 'sharded' },
  {
    server: 'a server without sharded pub/sub',
    args: ['--rename-command', 'SPUBLISH', '', '--rename-command', 'SSUBSCRIBE', ''],
    mode: 'plain',
  },
])('wake-ups across processes on $server', ({ args, mode }) => {
  let redis: PrivateRedis;
  let clients: RedisNodeClient[];

  beforeAll(async () => {
    redis = await startPrivateRedis({ args });
  }, 30_000);
  afterAll(async () => {
    await Promise.allSettled((clients ?? []).map((c) => c.close()));
    await redis?.close();
  });

  it('wakes a waiting worker, whose next claim finds the signalled bot without waiting for a poll', async () => {
    clients = await Promise.all([0, 1, 2].map(() => connectTestRedis(redis.url)));
    const [main, otherMain, otherSubscriber] = clients as [RedisNodeClient, RedisNodeClient, RedisNodeClient];
    const prefix = uniquePrefix();
    const signaller = redisSchedulers(main, null, redisKeys(prefix));
    const worker = redisSchedulers(otherMain, otherSubscriber, redisKeys(prefix), { recheckMs: 3_600_000 });
    const replies = worker.replies as RedisBotScheduler;
    await replies.waitForWork(1);
    for (let i = 0; i < 100 && replies.wakeMode === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(replies.wakeMode).toBe(mode);
    const now = Date.now();
    // Every partition found empty: skipped for the next hour unless woken.
    expect(await replies.claim(now, 16, 30_000)).toEqual([]);
    expect(await replies.claim(now, 16, 30_000)).toEqual([]);
    const bot = newId('bot');
    const waited = replies.waitForWork(20_000).then(() => Date.now());
    const signalledAt = Date.now();
    await signaller.signal(bot, now, { replies: true });
    expect((await waited) - signalledAt).toBeLessThan(15_000);
    expect(ids(await replies.claim(now, 16, 30_000))).toEqual([bot]);
    const channel = redisKeys(prefix).replyWakeChannel(partitionOf(bot, 16));
    const [sharded, plain] = await Promise.all([
      main.sendCommand(['PUBSUB', 'SHARDNUMSUB', channel]).catch(() => [channel, 0]) as Promise<unknown[]>,
      main.sendCommand(['PUBSUB', 'NUMSUB', channel]) as Promise<unknown[]>,
    ]);
    expect([Number(sharded[1]), Number(plain[1])]).toEqual(mode === 'sharded' ? [1, 0] : [0, 1]);
    await deletePrefix(main, prefix);
  });
});

/** Commands counted by the server (INFO commandstats of a private redis-server). */
describe.skipIf(!hasRedisServer)('what a claim and a signal cost', () => {
  let redis: PrivateRedis;
  let client: RedisClient;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    client = await connectTestRedis(redis.url);
  }, 30_000);
  afterAll(async () => {
    await client?.close();
    await redis?.close();
  });

  async function scriptCalls(): Promise<number> {
    const info = (await client.sendCommand(['INFO', 'commandstats'])) as string;
    return Number(/cmdstat_evalsha:calls=(\d+)/.exec(info)?.[1] ?? 0);
  }

  it('one command per signal, and per claim of one busy bot among 16 partitions', async () => {
    const schedulers = redisSchedulers(client, null, redisKeys(uniquePrefix()), { partitions: 16, recheckMs: 3_600_000 });
    const bot = newId('bot');
    const now = Date.now();
    // Scripts loaded, every partition looked at once.
    await schedulers.signal(bot, now, { replies: true, events: true });
    const [first] = await schedulers.replies.claim(now, 16, 30_000);
    await schedulers.replies.release(bot, first!.lease, now);
    await client.sendCommand(['CONFIG', 'RESETSTAT']);

    for (let i = 0; i < 20; i++) await schedulers.signal(bot, now - i - 1, { replies: true, events: true });
    expect(await scriptCalls()).toBe(20);
    await client.sendCommand(['CONFIG', 'RESETSTAT']);
    for (let i = 0; i < 20; i++) {
      const claims = await schedulers.replies.claim(now, 16, 30_000);
      expect(ids(claims)).toEqual([bot]);
      await schedulers.replies.release(bot, claims[0]!.lease, now);
    }
    // A claim and a release each time: the 15 empty partitions are not asked again.
    expect(await scriptCalls()).toBe(40);
  });
});
