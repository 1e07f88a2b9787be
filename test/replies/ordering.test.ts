/**
 * Reply order and parallelism: replies to one contact reach the provider in the order the calls
 * were accepted, one at a time, however slowly the provider answers; a slow reply to one contact
 * holds up nobody else. Run on Redis and on the in-memory store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Workers } from '../../src/workers.ts';
import type { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { type FakeProvider, type ProviderGate, startFakeReceiver, startProviderGate } from '../helpers/fakes/index.ts';
import { callFor, createReplyBot, repliesOf, replyOf, replyReaches } from '../helpers/scenario.ts';

for (const store of ['redis', 'memory'] as const) {
  describe(`reply ordering (${store} store)`, () => {
    let t: TestApp;
    let api: Api;
    let workers: Workers;
    let fake: FakeProvider;
    let gate: ProviderGate;

    beforeAll(async () => {
      t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
      api = t.api;
      workers = t.startWorkers();
    });
    afterEach(async () => {
      await gate?.close();
      await fake?.close();
    });
    afterAll(async () => {
      await workers?.stop();
      await t?.close();
    });

    async function receiver(): Promise<string> {
      fake = await startFakeReceiver();
      gate = await startProviderGate(fake);
      return `${gate.origin}/replies`;
    }
    const received = () => fake.requests.map((r) => JSON.parse(r.body) as { id: string; contact: string; text: string });

    it('delivers 50 replies to one contact in call order, one at a time, while the provider answers at random delays', async () => {
      const bot = await createReplyBot(api, 'http', undefined, { url: await receiver() });
      gate.delayAnswers(() => Math.floor(Math.random() * 51));

      const ids: string[] = [];
      for (let n = 0; n < 50; n++) ids.push(await callFor(api, bot, 'contact-a', n));

      await expect.poll(() => fake.requests.length, { ...POLL, timeout: 60_000 }).toBeGreaterThanOrEqual(50);
      const replies = await vi.waitFor(
        async () => {
          const all = await repliesOf(api, bot);
          expect(ids.map((id) => all.get(id)?.status)).toEqual(ids.map(() => 'sent'));
          return all;
        },
        { ...POLL, timeout: 30_000 },
      );

      expect(fake.requests).toHaveLength(50);
      expect(received().map((r) => r.id)).toEqual(ids);
      expect(received().map((r) => r.text)).toEqual(ids.map((_, n) => `Message ${n} for Ada`));
      // One request at a time: each went out only after the answer to the one before came back.
      for (let i = 1; i < gate.arrivals.length; i++) {
        expect(gate.arrivals[i]!.at, `request ${i} overlapped request ${i - 1}`).toBeGreaterThanOrEqual(gate.arrivals[i - 1]!.answeredAt!);
      }
      expect(ids.map((id) => replies.get(id)?.attempts)).toEqual(ids.map(() => 1));
    }, 90_000);

    it('delivers another contact’s reply while the provider still holds the first contact’s request', async () => {
      const bot = await createReplyBot(api, 'http', undefined, { url: await receiver() });
      gate.holdNext(1);

      const a1 = await callFor(api, bot, 'contact-a', 1);
      await expect.poll(() => gate.arrivals.length, POLL).toBe(1);
      // While the worker waits for the provider, the activity entry says so.
      expect(await replyReaches(api, bot, a1, 'sending')).toMatchObject({ attempts: 0, providerMessageId: null });
      const a2 = await callFor(api, bot, 'contact-a', 2);
      const b1 = await callFor(api, bot, 'contact-b', 1);

      await replyReaches(api, bot, b1, 'sent');
      expect(gate.pending(), 'A’s first request is still unanswered').toBe(1);
      expect((await replyOf(api, bot, a1)).status).toBe('sending');
      expect((await replyOf(api, bot, a2)).status).toBe('queued');
      expect(received().map((r) => r.id)).toEqual([a1, b1]);

      gate.release();
      await replyReaches(api, bot, a2, 'sent');
      expect((await replyOf(api, bot, a1)).status).toBe('sent');
      expect(received().map((r) => r.id)).toEqual([a1, b1, a2]);
      expect(gate.arrivals[2]!.at).toBeGreaterThanOrEqual(gate.arrivals[0]!.answeredAt!);
    }, 30_000);
  });
}

for (const store of ['redis', 'memory'] as const) {
  describe(`a lane's next reply (${store} store)`, () => {
    let t: TestApp;
    let workers: Workers;
    let fake: FakeProvider;
    let gate: ProviderGate;

    beforeAll(async () => {
      t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
      // A scheduler poll far beyond the test's timeout: only the pass itself can take the lane's next reply.
      workers = t.startWorkers({ replies: { pollMs: 300_000 } });
      fake = await startFakeReceiver();
      gate = await startProviderGate(fake);
    });
    afterAll(async () => {
      await workers?.stop();
      await gate?.close();
      await fake?.close();
      await t?.close();
    });

    it('goes out as soon as the one before it is settled, without waiting for the scheduler', async () => {
      const { api } = t;
      const bot = await createReplyBot(api, 'http', undefined, { url: `${gate.origin}/replies` });
      gate.holdNext(1);
      const first = await callFor(api, bot, 'contact-a', 0);
      await expect.poll(() => gate.arrivals.length, POLL).toBe(1);
      const rest: string[] = [];
      for (let n = 1; n <= 4; n++) rest.push(await callFor(api, bot, 'contact-a', n));
      gate.release();
      for (const id of rest) await replyReaches(api, bot, id, 'sent');
      expect(fake.requests.map((r) => (JSON.parse(r.body) as { id: string }).id)).toEqual([first, ...rest]);
    }, 30_000);
  });
}
