/**
 * Deleting a bot while its webhook is being called at a steady rate, with the workers running:
 * every call is answered 202 or 404 (never 5xx), every call made after the delete answered is 404,
 * and once the sweep has run nothing of the bot is left, not even of the calls accepted during it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { callHook, ORDER_BLOCK, orderBody, setupInbound } from '../helpers/scenario.ts';

interface Call {
  startedAt: number;
  res: ApiResponse;
}

const CALL_EVERY_MS = 4;
const CALLING_MS = 400;

for (const store of ['redis', 'memory'] as const) {
  describe(`deleting a bot under load (${store} store)`, () => {
    let t: TestApp;
    afterEach(async () => {
      await t.close();
    });

    it('answers 202 or 404, 404 from the delete on, and leaves nothing behind', async () => {
      t = await createTestApp({ store });
      const { api } = t;
      const { botId, webhook, tokens } = await setupInbound(api);
      const other = await setupInbound(api);
      const workers = t.startWorkers();

      const calls: Promise<Call>[] = [];
      let n = 0;
      const fire = () => {
        const startedAt = performance.now();
        const i = n++;
        calls.push(callHook(api, webhook.id, tokens.production, orderBody(`c-${i}`, 'Ada', `A-${i}`)).then((res) => ({ startedAt, res })));
      };
      const timer = setInterval(fire, CALL_EVERY_MS);
      await sleep(CALLING_MS);
      const deleted = await api.delete(`/v1/bots/${botId}`);
      const deletedAt = performance.now();
      expect(deleted.status).toBe(204);
      await sleep(CALLING_MS);
      clearInterval(timer);
      const done = await Promise.all(calls);

      expect(done.filter((c) => c.res.status >= 500).map((c) => c.res.text)).toEqual([]);
      expect(new Set(done.map((c) => c.res.status))).toEqual(new Set([202, 404]));
      const after = done.filter((c) => c.startedAt > deletedAt);
      expect(after.length).toBeGreaterThan(10);
      expect(after.filter((c) => c.res.status !== 404)).toEqual([]);
      expect(done.filter((c) => c.res.status === 202).length).toBeGreaterThan(10);

      expect((await api.get(`/v1/bots/${botId}`)).status).toBe(404);
      expect((await api.get(`/v1/bots/${botId}/contacts?environment=production`)).status).toBe(404);
      await expect.poll(() => t.services.store.sweepDeletedBots(), POLL).toBe(true);
      if (store === 'redis') {
        const redis = await connectTestRedis();
        const keysOf = async (id: string) => {
          const found: string[] = [];
          for await (const batch of redis.scanIterator({ MATCH: `${t.config.redisPrefix}:*{${id}}*`, COUNT: 1000 })) found.push(...batch);
          return found;
        };
        try {
          await expect.poll(() => keysOf(botId), POLL).toEqual([]);
          // Nothing a worker was still doing at the delete lands afterwards.
          await workers.stop();
          expect(await keysOf(botId)).toEqual([]);
          expect((await keysOf(other.botId)).length).toBeGreaterThan(0);
        } finally {
          await redis.close();
        }
      }
      // The other bot is untouched.
      const call = await callHook(api, other.webhook.id, other.tokens.production, orderBody());
      expect(call.status).toBe(202);
    });
    it('answers 404 to a batch on a webhook whose config the process had cached', async () => {
      t = await createTestApp({ store });
      const { botId, webhook, tokens } = await setupInbound(t.api, { ...ORDER_BLOCK, batch: true });
      const first = await callHook(t.api, webhook.id, tokens.production, [orderBody('b-1')]);
      expect(first.status, first.text).toBe(207);
      expect((await t.api.delete(`/v1/bots/${botId}`)).status).toBe(204);
      const after = await callHook(t.api, webhook.id, tokens.production, [orderBody('b-2')]);
      expect(after.status, after.text).toBe(404);
    });
  });
}
