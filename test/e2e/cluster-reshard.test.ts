/**
 * Slots moved between the masters of a Redis Cluster while calls flow through the HTTP API (a
 * scale-out: `redis-cli --cluster reshard`, key batch by key batch). While a bot's slot is half
 * moved, its calls may answer 503 with Retry-After (Redis answers TRYAGAIN to a script whose
 * declared keys are not all on one node, or that declares one not there yet: a new reply's
 * message); nothing else is refused, every acknowledged call is in the activity
 * log afterwards with its reply sent, and the moved bots are served by their new master.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { activityEntries, inbound, loggedRequestIds, Traffic } from '../helpers/cluster-traffic.ts';
import { type FakeProvider, graphError, startFakeWhatsApp } from '../helpers/fakes/index.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { hasRedisCluster, type LocalCluster, startLocalCluster } from '../helpers/redis-cluster.ts';
import {
  callFor,
  callHook,
  createReplyBot,
  type InboundSetup,
  orderBody,
  type ReplyBot,
  repliesOf,
  setupInbound,
  WHATSAPP,
} from '../helpers/scenario.ts';

if (!hasRedisCluster) throw new Error('the cluster suites need redis-server and redis-cli');

const BOTS = 6;

/** The reply status of every call in a webhook's activity log, by request id. */
async function replyStatuses(t: TestApp, bot: InboundSetup): Promise<Map<string, string | null>> {
  return new Map((await activityEntries(t, bot)).map((e) => [e.requestId, e.replyStatus]));
}

describe('slots moved between masters while calls flow (Redis Cluster resharding)', () => {
  let cluster: LocalCluster;
  let t: TestApp;
  let fake: FakeProvider;
  const bots: (InboundSetup & { slot: number; master: number })[] = [];

  beforeAll(async () => {
    cluster = await startLocalCluster({ replicas: 0 });
    fake = await startFakeWhatsApp(WHATSAPP.credentials);
    t = await createTestApp({ env: { REDIS_URL: cluster.url, HOOKGATE_REDIS_CLUSTER: 'true', HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    t.startWorkers();
    for (let i = 0; i < BOTS; i++) {
      const setup = await setupInbound(t.api);
      const slot = await cluster.slotOf(`{${setup.botId}}`);
      bots.push({ ...setup, slot, master: await cluster.masterOf(slot) });
    }
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await cluster?.stop();
  });

  it('moves the bots of one master to another, refusing only with 503 and losing no call or reply', async () => {
    // The master with the most bots gives them all to another one.
    const counts = new Map<number, number>();
    for (const b of bots) counts.set(b.master, (counts.get(b.master) ?? 0) + 1);
    const source = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const target = cluster.ports.find((p) => p !== source)!;
    const moved = bots.filter((b) => b.master === source);

    const traffic = new Traffic(bots, inbound(t, 'reshard'));
    /** When each slot's move began and ended. */
    const moves = new Map<number, { from: number; to: number }>();
    let movedAt = 0;
    try {
      await expect.poll(() => bots.every((b) => traffic.accepted(b) >= 3), POLL).toBe(true);
      // Five keys at a time, 20 ms apart: the calls meet each slot half moved.
      for (const slot of new Set(moved.map((b) => b.slot))) {
        const from = Date.now();
        await cluster.migrateSlot(slot, target, { batch: 5, pauseMs: 20 });
        moves.set(slot, { from, to: Date.now() });
      }
      movedAt = Date.now();
      await expect
        .poll(() => moved.every((b) => traffic.accepted(b, movedAt) >= 5), { ...POLL, timeout: 30_000 })
        .toBe(true)
        .catch((err: unknown) => {
          throw new Error(`${String(err)}; answers since the move: ${traffic.describe(moved, movedAt)}`);
        });
    } finally {
      await traffic.stop();
    }

    // The calls met the move: each moved bot was answered while its own slot was on the way.
    for (const b of moved) {
      const move = moves.get(b.slot)!;
      expect(traffic.of(b).some((o) => o.at > move.from && o.at < move.to)).toBe(true);
    }

    // The slots are the target's, and no key of the moved bots was left behind.
    for (const b of moved) expect(await cluster.masterOf(b.slot)).toBe(target);
    const old = await connectTestRedis(`redis://127.0.0.1:${source}`);
    try {
      for (const b of moved) expect(Number(await old.sendCommand(['CLUSTER', 'COUNTKEYSINSLOT', String(b.slot)]))).toBe(0);
    } finally {
      await old.close();
    }

    // Only 503 with Retry-After was refused, and only for the moved bots.
    traffic.expectAcceptedOrRetryLater(bots);
    for (const bot of bots.filter((b) => b.master !== source)) {
      expect(traffic.of(bot).filter((o) => o.status !== 202)).toEqual([]);
    }

    // Every acknowledged call is in its webhook's activity log, and its reply is sent.
    for (const bot of bots) {
      const acknowledged = traffic.acknowledged(bot);
      const logged = await loggedRequestIds(t, bot);
      expect(acknowledged.filter((id) => !logged.has(id))).toEqual([]);
      await expect
        .poll(
          async () => {
            const statuses = await replyStatuses(t, bot);
            return acknowledged.filter((id) => statuses.get(id) !== 'sent');
          },
          { ...POLL, timeout: 60_000 },
        )
        .toEqual([]);
    }

    // A call after the move, on a moved bot: stored and replied to on the new master.
    const bot = moved[0]!;
    const call = await callHook(t.api, bot.webhook.id, bot.tokens.production, orderBody('after-reshard', 'Grace', 'R-1'));
    expect(call.status, call.text).toBe(202);
    await expect.poll(async () => (await replyStatuses(t, bot)).get(call.body.requestId), { ...POLL, timeout: 30_000 }).toBe('sent');
  }, 240_000);

  it('moves bots whose replies wait behind a failing provider, and sends every reply once it answers', async () => {
    // Each bot's contact has a lane of replies that fail (503) and wait for their retries, so the
    // lanes, their messages and the bot's due set are all in the slot while it moves.
    const waiting: { bot: ReplyBot; slot: number; messages: string[] }[] = [];
    for (let i = 0; i < 4; i++) {
      const bot = await createReplyBot(t.api, 'whatsapp', WHATSAPP.credentials, { apiBaseUrl: fake.apiBaseUrl });
      waiting.push({ bot, slot: await cluster.slotOf(`{${bot.botId}}`), messages: [] });
    }
    fake.respondWith(Array.from({ length: 40 }, () => graphError(503, 2, 'Service temporarily unavailable')));
    for (let n = 0; n < 6; n++) for (const w of waiting) w.messages.push(await callFor(t.api, w.bot, WHATSAPP.contact, n));
    await expect.poll(() => fake.requests.length, POLL).toBeGreaterThanOrEqual(4);

    for (const w of waiting) {
      const from = await cluster.masterOf(w.slot);
      await cluster.migrateSlot(w.slot, cluster.ports.find((p) => p !== from)!, { batch: 2, pauseMs: 30 });
    }
    // The provider answers again (the 503s not yet used are dropped).
    fake.reset();

    // Every reply is sent.
    for (const w of waiting) {
      await expect
        .poll(
          async () => {
            const replies = await repliesOf(t.api, w.bot);
            return w.messages.filter((id) => replies.get(id)?.status !== 'sent');
          },
          { ...POLL, timeout: 90_000 },
        )
        .toEqual([]);
    }
  }, 180_000);
});
