/**
 * A master of the Redis Cluster killed (SIGKILL) while calls flow through the HTTP API: the calls
 * for the bots of its slots answer 503 with Retry-After until its replica has taken over, then 202
 * again; the other shards go on; every call acknowledged on them is there afterwards, and a call
 * accepted on the promoted replica has its reply delivered (its scripts loaded there anew).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { hasRedisCluster, type LocalCluster, startLocalCluster } from '../helpers/redis-cluster.ts';
import { callHook, type InboundSetup, orderBody, setupInbound } from '../helpers/scenario.ts';

if (!hasRedisCluster) throw new Error('the cluster suites need redis-server and redis-cli');

const BOTS = 9;

interface Outcome {
  status: number;
  /** A refusal's problem, for the failure message. */
  body?: string;
  retryAfter: string | null;
  requestId: string | null;
  /** When the call was answered (ms since the epoch). */
  at: number;
}

describe('a master killed while calls flow (Redis Cluster failover)', () => {
  let cluster: LocalCluster;
  let t: TestApp;
  const bots: (InboundSetup & { master: number })[] = [];

  beforeAll(async () => {
    // A quick failover: the replica takes over a master silent for 1.5 s.
    cluster = await startLocalCluster({ nodeTimeoutMs: 1500 });
    t = await createTestApp({ env: { REDIS_URL: cluster.url, HOOKGATE_REDIS_CLUSTER: 'true' } });
    t.startWorkers();
    const masters = (await cluster.nodes()).filter((n) => n.role === 'master');
    const probe = await connectTestRedis(`redis://127.0.0.1:${masters[0]!.port}`);
    try {
      for (let i = 0; i < BOTS; i++) {
        const setup = await setupInbound(t.api);
        const slot = Number(await probe.sendCommand(['CLUSTER', 'KEYSLOT', `{${setup.botId}}`]));
        const master = masters.find((m) => m.slots.some(([from, to]) => slot >= from && slot <= to))!;
        bots.push({ ...setup, master: master.port });
      }
    } finally {
      await probe.close();
    }
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
  });

  it('answers 503 with Retry-After for the dead master’s bots until its replica takes over, and loses nothing on the others', async () => {
    // The master of the first bot goes; a bot on another master must exist (9 bots, 3 masters).
    const victim = bots[0]!.master;
    const hit = bots.filter((b) => b.master === victim);
    const spared = bots.filter((b) => b.master !== victim);
    expect(spared.length).toBeGreaterThan(0);

    const outcomes = new Map<string, Outcome[]>(bots.map((b) => [b.botId, []]));
    let killedAt = 0;
    let running = true;
    let n = 0;
    const flow = bots.map(async (bot) => {
      while (running) {
        const res = await callHook(t.api, bot.webhook.id, bot.tokens.production, orderBody(`c-${bot.botId}`, 'Ada', `A-${n++}`));
        outcomes.get(bot.botId)!.push({
          status: res.status,
          ...(res.status !== 202 ? { body: res.text.slice(0, 300) } : {}),
          retryAfter: res.headers.get('retry-after'),
          requestId: res.status === 202 ? res.body.requestId : null,
          at: Date.now(),
        });
        await sleep(50);
      }
    });

    const accepted = (bot: InboundSetup, after = 0) => outcomes.get(bot.botId)!.filter((o) => o.status === 202 && o.at > after).length;
    try {
      await expect
        .poll(() => bots.every((b) => accepted(b) >= 3), POLL)
        .toBe(true)
        .catch((err: unknown) => {
          throw new Error(`${String(err)}; the last answers: ${JSON.stringify([...outcomes.values()].map((o) => o.slice(-2)))}`);
        });
      killedAt = Date.now();
      await cluster.kill(victim);
      // Refused while the slot has no master, then accepted again once the replica has taken over.
      await expect
        .poll(() => hit.every((b) => outcomes.get(b.botId)!.some((o) => o.status === 503)), { ...POLL, timeout: 30_000 })
        .toBe(true);
      await expect
        .poll(
          () =>
            hit.every((b) => {
              const lastRefused = Math.max(...outcomes.get(b.botId)!.flatMap((o) => (o.status === 503 ? [o.at] : [])));
              return accepted(b, lastRefused) >= 3;
            }),
          { ...POLL, timeout: 60_000 },
        )
        .toBe(true)
        .catch((err: unknown) => {
          // What each of the dead master's bots got since the kill, to see where it stalled.
          const seen = hit.map((b) =>
            outcomes
              .get(b.botId)!
              .filter((o) => o.at > killedAt)
              .map((o) => `${o.status}@${o.at - killedAt}`),
          );
          throw new Error(`${String(err)}; answers since the kill: ${JSON.stringify(seen).slice(-3000)}`);
        });
      await expect.poll(() => spared.every((b) => accepted(b, killedAt) >= 3), POLL).toBe(true);
    } finally {
      running = false;
      await Promise.all(flow);
    }

    for (const bot of bots) {
      for (const o of outcomes.get(bot.botId)!) {
        expect([202, 503], JSON.stringify(o)).toContain(o.status);
        if (o.status === 503) expect(o.retryAfter, JSON.stringify(o)).toMatch(/^\d+$/);
      }
    }
    // The other shards were not interrupted… (a call in flight when the node died may fail with them)
    for (const bot of spared) {
      const refused = outcomes.get(bot.botId)!.filter((o) => o.status !== 202);
      expect(refused.length, JSON.stringify(refused)).toBeLessThanOrEqual(1);
    }

    // …and every call they acknowledged is in its webhook's activity log.
    for (const bot of spared) {
      const logged = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: ApiResponse = await t.api.get(
          `/v1/bots/${bot.botId}/webhooks/${bot.webhook.id}/activity?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status, page.text).toBe(200);
        for (const entry of page.body.data as { requestId: string }[]) logged.add(entry.requestId);
        cursor = page.body.nextCursor;
      } while (cursor);
      const acknowledged = outcomes.get(bot.botId)!.flatMap((o) => (o.requestId ? [o.requestId] : []));
      expect(acknowledged.filter((id) => !logged.has(id))).toEqual([]);
    }

    // A call on the promoted replica: stored, and its reply delivered (the scripts load there anew).
    const bot = hit[0]!;
    const call = await callHook(t.api, bot.webhook.id, bot.tokens.production, orderBody('after-failover', 'Grace', 'B-1'));
    expect(call.status, call.text).toBe(202);
    await expect
      .poll(
        async () => {
          const res = await t.api.get(`/v1/bots/${bot.botId}/webhooks/${bot.webhook.id}/activity?limit=5`);
          return (res.body.data as { requestId: string; reply: { status: string } | null }[]).find(
            (e) => e.requestId === call.body.requestId,
          )?.reply?.status;
        },
        { ...POLL, timeout: 30_000 },
      )
      .toBe('sent');
  }, 180_000);
});
