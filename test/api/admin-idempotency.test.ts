/**
 * Idempotency-Key on the admin API's POSTs: a replay of the first 2xx answer, 409 for another body or
 * a request still running, kept apart per workspace, nothing kept for a 4xx, no secret in clear, and
 * a write whose outcome is unknown never run a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/domain/types.ts';
import { StoreOutcomeUnknownError, StoreUnavailableError } from '../../src/store/errors.ts';
import { type Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ManualClock, POLL } from '../helpers/clock.ts';
import { connectTestRedis } from '../helpers/redis.ts';
import { connectAccount, createBot, createBotWithSandbox, ORDER_BLOCK } from '../helpers/scenario.ts';

for (const store of ['redis', 'memory'] as const) describeIdempotency(store);

function describeIdempotency(store: 'redis' | 'memory'): void {
  describe(`admin Idempotency-Key (${store})`, () => {
    let t: TestApp;
    let api: Api;
    let n = 0;
    const newKey = () => `key-${++n}-${Date.now()}`;

    beforeAll(async () => {
      t = await createTestApp({ store, env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
      api = t.api;
    });
    afterAll(() => t.close());

    async function twice(path: string, body: unknown, status: number) {
      const key = newKey();
      const first = await api.post(path, body, { 'Idempotency-Key': key });
      expect(first.status, first.text).toBe(status);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const second = await api.post(path, body, { 'Idempotency-Key': key });
      expect(second.status, second.text).toBe(status);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
      return { key, first, second };
    }

    it('replays a bot creation: one bot, the same answer', async () => {
      const before = (await api.get('/v1/bots?limit=100')).body.data.length;
      const { first, second } = await twice('/v1/bots', { name: 'Once' }, 201);
      expect(second.headers.get('content-type')).toContain('application/json');
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      expect((await api.get('/v1/bots?limit=100')).body.data).toHaveLength(before + 1);
    });

    it('replays a webhook creation with the tokens shown once', async () => {
      const { botId } = await createBotWithSandbox(api);
      const { first } = await twice(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK, 201);
      expect(first.body.tokens.production).toEqual(expect.any(String));
      expect((await api.get(`/v1/bots/${botId}/webhooks`)).body.data).toHaveLength(1);
    });

    it('replays a subscription creation with its secret, and an event publish', async () => {
      const botId = await createBot(api);
      const sub = { name: 'CRM', url: 'https://crm.example.com/hooks', events: ['lead.*'] };
      const { first } = await twice(`/v1/bots/${botId}/subscriptions`, sub, 201);
      expect(first.body.secret).toEqual(expect.any(String));
      expect((await api.get(`/v1/bots/${botId}/subscriptions`)).body.data).toHaveLength(1);

      const event = await twice(`/v1/bots/${botId}/events`, { type: 'lead.created', data: { n: 1 } }, 202);
      const events = (await api.get(`/v1/bots/${botId}/events?limit=100`)).body.data;
      expect(events.filter((e: { id: string }) => e.id === event.first.body.id)).toHaveLength(1);
      expect(events).toHaveLength(1);
    });

    it('refuses the same key with another body (409 idempotency-key-reused)', async () => {
      const key = newKey();
      expect((await api.post('/v1/bots', { name: 'First' }, { 'Idempotency-Key': key })).status).toBe(201);
      expectProblem(await api.post('/v1/bots', { name: 'Other' }, { 'Idempotency-Key': key }), 409, 'idempotency-key-reused');
    });

    it('keeps keys apart per workspace and per path', async () => {
      const key = newKey();
      const mine = await api.post('/v1/bots', { name: 'Shared key' }, { 'Idempotency-Key': key });
      const other = api.withToken(await t.token('ws-other'));
      const theirs = await other.post('/v1/bots', { name: 'Shared key' }, { 'Idempotency-Key': key });
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect((await other.get(`/v1/bots/${mine.body.id}`)).status).toBe(404);
      // Another path with the same key runs on its own.
      const event = await api.post(`/v1/bots/${mine.body.id}/events`, { type: 'lead.created', data: {} }, { 'Idempotency-Key': key });
      expect(event.status).toBe(202);
      expect(event.headers.get('idempotent-replayed')).toBeNull();
      // Another workspace sending the same key to the same path gets its own answer (404), never the replay.
      const foreign = await other.post(`/v1/bots/${mine.body.id}/events`, { type: 'lead.created', data: {} }, { 'Idempotency-Key': key });
      expectProblem(foreign, 404, 'not-found');
    });

    it('runs concurrent requests with one key once: the others get 409 in-progress or the replay', async () => {
      const before = (await api.get('/v1/bots?limit=100')).body.data.length;
      const key = newKey();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => api.post('/v1/bots', { name: 'Concurrent' }, { 'Idempotency-Key': key })),
      );
      const ran = results.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
      expect(ran).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).length).toBeGreaterThan(0);
      for (const r of results) {
        if (r === ran[0]) continue;
        if (r.status === 409) {
          expectProblem(r, 409, 'idempotency-key-in-progress');
          expect(r.headers.get('retry-after')).toBe('1');
        } else {
          expect(r.status).toBe(201);
          expect(r.body).toEqual(ran[0]!.body);
        }
      }
      expect((await api.get('/v1/bots?limit=100')).body.data).toHaveLength(before + 1);
      // Once settled, the key replays.
      const later = await api.post('/v1/bots', { name: 'Concurrent' }, { 'Idempotency-Key': key });
      expect(later.headers.get('idempotent-replayed')).toBe('true');
    });

    it('keeps no 4xx answer: the client may fix things and retry with the same key', async () => {
      const botId = await createBot(api);
      const key = newKey();
      const refused = await api.post(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK, { 'Idempotency-Key': key });
      expectProblem(refused, 422, 'unprocessable');
      const again = await api.post(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK, { 'Idempotency-Key': key });
      expectProblem(again, 422, 'unprocessable');
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      await connectAccount(api, botId);
      const created = await api.post(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK, { 'Idempotency-Key': key });
      expect(created.status, created.text).toBe(201);
      expect(created.headers.get('idempotent-replayed')).toBeNull();
    });

    it('gives a read token nothing: a POST with a used key is still 403', async () => {
      const botId = await createBot(api);
      const key = newKey();
      const sub = { name: 'Secret holder', url: 'https://crm.example.com/hooks', events: ['*'] };
      expect((await api.post(`/v1/bots/${botId}/subscriptions`, sub, { 'Idempotency-Key': key })).status).toBe(201);
      const reader = api.withToken(await t.token('ws1', 'read'));
      const res = await reader.post(`/v1/bots/${botId}/subscriptions`, sub, { 'Idempotency-Key': key });
      expectProblem(res, 403, 'forbidden');
      expect(res.text).not.toContain('secret"');
    });

    it('refuses an empty or over-long key', async () => {
      expectProblem(await api.post('/v1/bots', { name: 'x' }, { 'Idempotency-Key': 'k'.repeat(256) }), 400, 'bad-request');
    });

    it('replays a channel connection, a token rotation and a secret rotation', async () => {
      const botId = await createBot(api);
      const { first } = await twice(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'once' }, 201);
      expect((await api.get(`/v1/bots/${botId}/channels`)).body.data).toHaveLength(1);
      const webhook = (await api.post(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK)).body;
      const rotation = await twice(`/v1/bots/${botId}/webhooks/${webhook.id}/rotate-token`, { environment: 'production' }, 200);
      expect(rotation.first.body.token).not.toBe(webhook.tokens.production);
      const sub = (await api.post(`/v1/bots/${botId}/subscriptions`, { name: 'S', url: 'https://crm.example.com/', events: ['*'] })).body;
      const secret = await twice(`/v1/bots/${botId}/subscriptions/${sub.id}/rotate-secret`, undefined, 200);
      expect(secret.first.body.secret).not.toBe(sub.secret);
      expect(first.body.id).toEqual(expect.any(String));
    });

    it.runIf(store === 'redis')('stores no secret in clear: the records in Redis are sealed', async () => {
      const { botId } = await createBotWithSandbox(api);
      const webhook = await api.post(`/v1/bots/${botId}/webhooks`, ORDER_BLOCK, { 'Idempotency-Key': newKey() });
      const sub = await api.post(
        `/v1/bots/${botId}/subscriptions`,
        { name: 'Sealed', url: 'https://crm.example.com/hooks', events: ['*'] },
        { 'Idempotency-Key': newKey() },
      );
      const rotated = await api.post(`/v1/bots/${botId}/subscriptions/${sub.body.id}/rotate-secret`, undefined, {
        'Idempotency-Key': newKey(),
      });
      expect(rotated.status, rotated.text).toBe(200);
      const secrets = [webhook.body.tokens.production, webhook.body.tokens.development, sub.body.secret, rotated.body.secret];
      for (const s of secrets) expect(s).toEqual(expect.any(String));

      const client = await connectTestRedis();
      try {
        const records: string[] = [];
        for await (const keys of client.scanIterator({ MATCH: `${t.config.redisPrefix}:{admidem}:*`, COUNT: 1000 })) {
          for (const key of keys) records.push((await client.get(key)) ?? '');
        }
        expect(records.length).toBeGreaterThanOrEqual(3);
        const all = records.join('\n');
        for (const s of secrets) expect(all).not.toContain(s);
        expect(all).not.toContain('tokens');
      } finally {
        await client.close();
      }
    });
  });

  describe(`admin Idempotency-Key when the write's outcome is unknown (${store})`, () => {
    const clock = new ManualClock(Date.now());
    let t: TestApp;
    let api: Api;

    beforeAll(async () => {
      t = await createTestApp({ store, clock });
      api = t.api;
    });
    afterAll(() => t.close());

    const botCount = async () => (await api.get('/v1/bots?limit=100')).body.data.length as number;

    /**
     * The next bot creation is written for real, then answered as a store whose connection broke
     * after sending it (what a Redis socket timeout gives); `stall` holds it until released.
     */
    function breakNextCreate(options: { stall?: Promise<void> } = {}): void {
      const store = t.services.store;
      const real = store.createBot.bind(store);
      store.createBot = async (bot: Bot) => {
        delete (store as Partial<typeof store>).createBot;
        await options.stall;
        await real(bot);
        throw new StoreOutcomeUnknownError(new Error('socket timeout after the write was sent'));
      };
    }

    /** The idempotency store's next settle fails as a hung store would. */
    function breakNextSettle(): void {
      const records = t.services.adminIdempotency;
      records.settle = async () => {
        delete (records as Partial<typeof records>).settle;
        throw new StoreUnavailableError(new Error('the store is not answering'));
      };
    }

    it('never runs a write again whose outcome was unknown: the key answers 409 outcome-unknown', async () => {
      const before = await botCount();
      breakNextCreate();
      const key = { 'Idempotency-Key': `unknown-${Date.now()}` };
      const first = await api.post('/v1/bots', { name: 'Maybe stored' }, key);
      expectProblem(first, 503, 'outcome-unknown');
      expect(first.body.requestId).toMatch(/^req_/);
      expect(await botCount()).toBe(before + 1);

      for (let i = 0; i < 2; i++) {
        const retry = await api.post('/v1/bots', { name: 'Maybe stored' }, key);
        expectProblem(retry, 409, 'idempotency-key-outcome-unknown');
        expect(retry.body.requestId).toBe(first.body.requestId);
        expect(retry.body.detail).toContain('new Idempotency-Key');
        expect(retry.headers.get('idempotent-replayed')).toBeNull();
      }
      // Another body under the key is still refused as such; a new key runs.
      expectProblem(await api.post('/v1/bots', { name: 'Other' }, key), 409, 'idempotency-key-reused');
      expect(await botCount()).toBe(before + 1);
      expect((await api.post('/v1/bots', { name: 'Maybe stored' }, { 'Idempotency-Key': `fresh-${Date.now()}` })).status).toBe(201);
      expect(await botCount()).toBe(before + 2);
    });

    it('keeps the key when not even the outcome could be recorded: in progress, then outcome-unknown, never run twice', async () => {
      const before = await botCount();
      breakNextCreate();
      breakNextSettle();
      const key = { 'Idempotency-Key': `unrecorded-${Date.now()}` };
      const first = await api.post('/v1/bots', { name: 'Unrecorded' }, key);
      expectProblem(first, 503, 'outcome-unknown');

      expectProblem(await api.post('/v1/bots', { name: 'Unrecorded' }, key), 409, 'idempotency-key-in-progress');
      clock.advance(61_000);
      const later = await api.post('/v1/bots', { name: 'Unrecorded' }, key);
      expectProblem(later, 409, 'idempotency-key-outcome-unknown');
      expect(later.body.requestId).toBe(first.body.requestId);
      expect(await botCount()).toBe(before + 1);
    });

    it('answers outcome-unknown for a request that never finished, and the replay once it does', async () => {
      const before = await botCount();
      let finish!: () => void;
      const store = t.services.store;
      const real = store.createBot.bind(store);
      store.createBot = async (bot: Bot) => {
        delete (store as Partial<typeof store>).createBot;
        await new Promise<void>((resolve) => (finish = resolve));
        await real(bot);
      };
      const key = { 'Idempotency-Key': `stalled-${Date.now()}` };
      const first = api.post('/v1/bots', { name: 'Slow' }, key);
      await expect.poll(() => finish !== undefined, POLL).toBe(true);

      expectProblem(await api.post('/v1/bots', { name: 'Slow' }, key), 409, 'idempotency-key-in-progress');
      clock.advance(61_000);
      // As a process that died mid-request would leave it: the key is not freed, it says what it knows.
      expectProblem(await api.post('/v1/bots', { name: 'Slow' }, key), 409, 'idempotency-key-outcome-unknown');

      finish();
      const done = await first;
      expect(done.status, done.text).toBe(201);
      const replay = await api.post('/v1/bots', { name: 'Slow' }, key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(done.body.id);
      expect(await botCount()).toBe(before + 1);
    });
  });
}
