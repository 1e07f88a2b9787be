/**
 * Every list of the admin API pages alike: `limit` (1–100, default 20) and the previous page's
 * `nextCursor`; walking the pages yields each item exactly once; a bad `limit` or `cursor` is a 400.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiResponse, type CheckedClient, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { callHook, connectAccount, createBlock, createBot, GREETING_BLOCK, publish, subscribe } from '../helpers/scenario.ts';

const N = 7;

/** Follows `nextCursor` from the first page to the last; returns every item's key, in order. */
async function walk(api: CheckedClient, path: string, limit: number, key: (item: any) => string = (item) => item.id): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: ApiResponse = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.data.map(key));
    cursor = res.body.nextCursor;
    if (cursor === null) return seen;
    expect(typeof cursor).toBe('string');
  }
  throw new Error(`${path}: more than 100 pages`);
}

describe.each(['redis', 'memory'] as const)('pagination on every list (%s store)', (store) => {
  let t: TestApp;
  let api: CheckedClient;
  let botId: string;
  let accountId: string;
  let webhookId: string;
  let subscriptionId: string;
  const lists: Record<string, { path: string; expected: string[]; key?: (item: any) => string }> = {};

  beforeAll(async () => {
    t = await createTestApp({ store });
    // A workspace of its own, so the bot list holds exactly what this test made.
    api = t.api.withToken(await t.token(`ws-pages-${store}`));
    const bots: string[] = [];
    for (let i = 0; i < N; i++) bots.push(await createBot(api, `Bot ${i}`));
    botId = bots[0]!;
    lists.bots = { path: '/v1/bots', expected: bots };

    const accounts: string[] = [];
    for (let i = 0; i < N; i++) accounts.push(await connectAccount(api, botId, `account-${i}`));
    accountId = accounts[0]!;
    lists.channels = { path: `/v1/bots/${botId}/channels`, expected: accounts };

    const blocks: string[] = [];
    let token = '';
    for (let i = 0; i < N; i++) {
      const block = await createBlock(api, botId, { ...GREETING_BLOCK, name: `Block ${i}`, account: 'account-0' });
      blocks.push(block.id);
      if (i === 0) token = block.tokens.production;
    }
    webhookId = blocks[0]!;
    lists.webhooks = { path: `/v1/bots/${botId}/webhooks`, expected: blocks };

    const subs: string[] = [];
    for (let i = 0; i < N; i++) {
      // Disabled: its deliveries wait as `paused`, so the test sends nothing anywhere.
      subs.push((await subscribe(api, botId, { name: `Sub ${i}`, url: 'https://crm.example.com/hook', events: ['*'], enabled: false })).id);
    }
    subscriptionId = subs[0]!;
    lists.subscriptions = { path: `/v1/bots/${botId}/subscriptions`, expected: subs };

    const requestIds: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await callHook(api, webhookId, token, { contact_reference_id: `contact-${i}`, data: { name: `Ada ${i}` } });
      expect(res.status, res.text).toBe(202);
      requestIds.push(res.body.requestId);
    }
    lists.activity = {
      path: `/v1/bots/${botId}/webhooks/${webhookId}/activity`,
      expected: [...requestIds].reverse(),
      key: (a) => a.requestId,
    };
    lists.contacts = {
      path: `/v1/bots/${botId}/contacts`,
      expected: Array.from({ length: N }, (_, i) => `contact-${i}`),
      key: (c) => c.contact,
    };
    const published: string[] = [];
    for (let i = 0; i < N; i++) published.push(await publish(api, botId, 'lead.created', { contact: { id: `contact-${i}` } }));

    t.startWorkers();
    await vi.waitFor(async () => {
      const res = await api.get(`/v1/bots/${botId}/channels/${accountId}/messages?limit=100`);
      expect(res.body.data).toHaveLength(N);
    }, POLL);
    const messages = (await api.get(`/v1/bots/${botId}/channels/${accountId}/messages?limit=100`)).body.data.map((m: any) => m.id);
    lists.messages = { path: `/v1/bots/${botId}/channels/${accountId}/messages`, expected: messages };
    // Every event (N webhook.received, N lead.created, N message.sent) reaches each subscription as a paused delivery.
    await vi.waitFor(async () => {
      const res = await api.get(`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries?limit=100`);
      expect(res.body.data).toHaveLength(3 * N);
    }, POLL);
    const dlv = (await api.get(`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries?limit=100`)).body.data.map((d: any) => d.id);
    lists.deliveries = { path: `/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries`, expected: dlv };
    const events = (await api.get(`/v1/bots/${botId}/events?limit=100`)).body.data.map((e: any) => e.id);
    expect(events).toEqual(expect.arrayContaining(published));
    lists.events = { path: `/v1/bots/${botId}/events`, expected: events };
  }, 60_000);
  afterAll(() => t.close());

  const names = ['bots', 'channels', 'webhooks', 'subscriptions', 'activity', 'contacts', 'messages', 'deliveries', 'events'];

  it.each(names)('%s: pages of 1, 2 and 3 hold every item once, in the full list’s order', async (name) => {
    const { path, expected, key } = lists[name]!;
    for (const limit of [1, 2, 3]) {
      const seen = await walk(api, path, limit, key);
      expect(new Set(seen).size, `${name} limit ${limit}: duplicates in ${seen}`).toBe(seen.length);
      if (name === 'contacts')
        expect([...seen].sort()).toEqual([...expected].sort()); // in no particular order
      else expect(seen).toEqual(expected);
    }
  });

  it.each(names)('%s: a page as large as the list has no next cursor; the default page is 20', async (name) => {
    const { path, expected } = lists[name]!;
    const whole = await api.get(`${path}${path.includes('?') ? '&' : '?'}limit=100`);
    expect(whole.body.data).toHaveLength(expected.length);
    expect(whole.body.nextCursor).toBeNull();
    const first = await api.get(path);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(Math.min(20, expected.length));
  });

  it.each(names)('%s: a bad limit or cursor is a 400 problem', async (name) => {
    const { path } = lists[name]!;
    const sep = path.includes('?') ? '&' : '?';
    for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5', 'limit=-1']) {
      const res = await api.get(`${path}${sep}${bad}`);
      expectProblem(res, 400, 'validation');
      expect(res.body.errors[0].path).toBe('limit');
    }
    for (const bad of ['not-a-cursor!', 'bm90IGEgY3Vyc29y', 'x'.repeat(201)]) {
      const res = await api.get(`${path}${sep}cursor=${encodeURIComponent(bad)}`);
      expectProblem(res, 400);
    }
  });

  it('narrows a paged list to a folder and pages within it', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      made.push((await createBlock(api, botId, { ...GREETING_BLOCK, name: `Filed ${i}`, account: 'account-0', folder: 'filed' })).id);
    }
    expect(await walk(api, `/v1/bots/${botId}/webhooks?folder=filed`, 2)).toEqual(made);
  });

  it('a cursor survives a deletion of the item it points at: the next page starts after it', async () => {
    const first = await api.get(`/v1/bots/${botId}/subscriptions?limit=2`);
    const [, second] = first.body.data;
    expect((await api.delete(`/v1/bots/${botId}/subscriptions/${second.id}`)).status).toBe(204);
    const next = await api.get(`/v1/bots/${botId}/subscriptions?limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.data.map((s: any) => s.id)).toEqual(lists.subscriptions!.expected.slice(2, 4));
  });
});
