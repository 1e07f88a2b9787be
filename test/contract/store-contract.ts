import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/domain/types.ts';
import { InvalidCursorError } from '../../src/store/errors.ts';
import type { ReplyQueue, Store } from '../../src/store/store.ts';
import { anAccount } from '../helpers/channel-fixtures.ts';
import { aBot, aMessage, anActivity, anEvent, anInboundWrite, aWebhook } from '../helpers/fixtures.ts';

export interface ContractSubject {
  store: Store;
  replies: ReplyQueue;
  cleanup(): Promise<void>;
}

const inbound = anInboundWrite;

/** The behaviour every store and reply queue must show, whatever holds the data. */
export function describeStoreContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: Store;
    let replies: ReplyQueue;

    beforeEach(async () => {
      subject = await make();
      store = subject.store;
      replies = subject.replies;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('bots', () => {
      it('creates, reads, updates and deletes a bot', async () => {
        const bot = aBot();
        await store.createBot(bot);
        expect(await store.getBot(bot.id)).toEqual(bot);
        await store.updateBot({ ...bot, name: 'Renamed' });
        expect((await store.getBot(bot.id))?.name).toBe('Renamed');
        await store.deleteBot(bot.id);
        expect(await store.getBot(bot.id)).toBeNull();
      });

      it('lists a workspace’s bots in creation order, paged, and no other workspace’s', async () => {
        const ws = `ws-${Math.random().toString(36).slice(2)}`;
        const bots = [0, 1, 2, 3, 4].map((i) =>
          aBot({ workspaceId: ws, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }),
        );
        for (const bot of [...bots].reverse()) await store.createBot(bot);
        await store.createBot(aBot({ workspaceId: `${ws}-other` }));
        const first = await store.listBots(ws, { limit: 2 });
        expect(first.items.map((b) => b.id)).toEqual([bots[0]!.id, bots[1]!.id]);
        const second = await store.listBots(ws, { limit: 2, cursor: first.nextCursor });
        expect(second.items.map((b) => b.id)).toEqual([bots[2]!.id, bots[3]!.id]);
        const third = await store.listBots(ws, { limit: 2, cursor: second.nextCursor });
        expect(third.items.map((b) => b.id)).toEqual([bots[4]!.id]);
        expect(third.nextCursor).toBeNull();
      });

      it('rejects a cursor it did not issue', async () => {
        await expect(store.listBots('ws1', { limit: 2, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(store.listEvents('bot_x', { limit: 2, cursor: '!!' })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('deleting a bot removes its webhooks, so their ids no longer resolve', async () => {
        const bot = aBot();
        await store.createBot(bot);
        const block = aWebhook(bot.id);
        await store.createWebhook(block);
        await store.acceptInbound(inbound(bot.id, block.id));
        await store.deleteBot(bot.id);
        expect(await store.getWebhook(block.id)).toBeNull();
        expect(await store.sweepDeletedBots()).toBe(true);
        expect(await store.getVariables(bot.id, 'production', 'whatsapp', '+14155550123')).toBeNull();
      });
    });

    describe('channels and webhooks', () => {
      it('stores channel accounts per bot', async () => {
        const bot = aBot();
        await store.createBot(bot);
        const now = new Date().toISOString();
        const account = {
          id: 'acc_000000000000000000a1',
          botId: bot.id,
          channel: 'sandbox' as const,
          alias: 'test',
          credentialsEncrypted: null,
          credentialFields: [],
          config: {},
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        await store.putChannel(account);
        expect(await store.getChannel(bot.id, account.id)).toEqual(account);
        expect(await store.listChannels(bot.id)).toEqual([account]);
        await store.deleteChannel(bot.id, account.id);
        expect(await store.getChannel(bot.id, account.id)).toBeNull();
      });

      it('finds a webhook by id alone, lists, updates and deletes it', async () => {
        const bot = aBot();
        await store.createBot(bot);
        const a = aWebhook(bot.id, { createdAt: '2026-01-01T00:00:00.000Z' });
        const b = aWebhook(bot.id, { createdAt: '2026-01-02T00:00:00.000Z', folder: 'orders' });
        await store.createWebhook(b);
        await store.createWebhook(a);
        expect(await store.getWebhook(a.id)).toEqual(a);
        expect((await store.listWebhooks(bot.id)).map((w) => w.id)).toEqual([a.id, b.id]);
        expect(await store.updateWebhook({ ...a, enabled: false, updatedAt: '2026-01-01T00:00:01.000Z' })).toBe(true);
        expect((await store.getWebhook(a.id))?.enabled).toBe(false);
        // Compare-and-set: an edit based on a stale read is refused and changes nothing.
        expect(await store.updateWebhook({ ...a, name: 'stale' }, a.updatedAt)).toBe(false);
        expect(await store.updateWebhook({ ...a, name: 'fresh' }, '2026-01-01T00:00:01.000Z')).toBe(true);
        expect((await store.getWebhook(a.id))?.name).toBe('fresh');
        expect(await store.updateWebhook({ ...a, id: 'wh_missing000000000000' })).toBe(false);
        await store.deleteWebhook(bot.id, a.id);
        expect(await store.getWebhook(a.id)).toBeNull();
        expect((await store.listWebhooks(bot.id)).map((w) => w.id)).toEqual([b.id]);
      });
    });

    describe('accepting an inbound call', () => {
      let botId: string;
      let webhookId: string;

      beforeEach(async () => {
        const bot = aBot();
        await store.createBot(bot);
        const block = aWebhook(bot.id);
        await store.createWebhook(block);
        botId = bot.id;
        webhookId = block.id;
      });

      it('loads a hook with its account and a config version that every edit moves', async () => {
        const block = (await store.listWebhooks(botId))[0]!;
        const now = new Date().toISOString();
        const account = {
          id: block.accountId,
          botId,
          channel: 'sandbox' as const,
          alias: 'test',
          credentialsEncrypted: null,
          credentialFields: [],
          config: {},
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        await store.putChannel(account);
        const first = await store.loadHook(webhookId);
        expect(first?.block.id).toBe(webhookId);
        expect(first?.account).toEqual(account);
        await store.putChannel({ ...account, active: false });
        const second = await store.loadHook(webhookId);
        expect(second?.account?.active).toBe(false);
        expect(second?.version).not.toBe(first?.version);
        // A write evaluated against the old version is refused and writes nothing.
        expect(await store.acceptInbound(inbound(botId, webhookId, { configVersion: first!.version, variables: { stale: true } }))).toEqual(
          { kind: 'stale' },
        );
        expect(await store.getVariables(botId, 'production', 'whatsapp', '+14155550123')).toBeNull();
        expect(await store.acceptInbound(inbound(botId, webhookId, { configVersion: second!.version }))).toEqual({ kind: 'accepted' });
        await store.updateWebhook({ ...block, name: 'renamed' });
        expect((await store.loadHook(webhookId))?.version).not.toBe(second?.version);
        await store.deleteWebhook(botId, webhookId);
        expect(await store.loadHook(webhookId)).toBeNull();
      });

      it('merges variables per contact and environment', async () => {
        await store.acceptInbound(inbound(botId, webhookId, { variables: { a: 1, b: 'x' } }));
        await store.acceptInbound(inbound(botId, webhookId, { variables: { b: { nested: [true, null] } } }));
        await store.acceptInbound(inbound(botId, webhookId, { environment: 'development', variables: { a: 'dev' } }));
        const prod = await store.getVariables(botId, 'production', 'whatsapp', '+14155550123');
        expect(prod?.variables).toEqual({ a: 1, b: { nested: [true, null] } });
        const dev = await store.getVariables(botId, 'development', 'whatsapp', '+14155550123');
        expect(dev?.variables).toEqual({ a: 'dev' });
        expect(await store.getVariables(botId, 'production', 'whatsapp', '+19999999999')).toBeNull();
      });

      it('keeps the same reference on two channels apart, lists contacts per channel and erases one', async () => {
        await store.acceptInbound(inbound(botId, webhookId, { channel: 'telegram', contact: '5550001', variables: { plan: 'tg' } }));
        await store.acceptInbound(inbound(botId, webhookId, { channel: 'messenger', contact: '5550001', variables: { plan: 'fb' } }));
        await store.acceptInbound(inbound(botId, webhookId, { channel: 'telegram', contact: 'a:b*c', variables: { odd: true } }));
        expect((await store.getVariables(botId, 'production', 'telegram', '5550001'))?.variables).toEqual({ plan: 'tg' });
        expect(await store.getVariables(botId, 'production', 'messenger', '5550001')).toMatchObject({
          channel: 'messenger',
          contact: '5550001',
          environment: 'production',
          variables: { plan: 'fb' },
        });
        expect(await store.getVariables(botId, 'production', 'sms', '5550001')).toBeNull();

        const listAll = async (channel: 'telegram' | 'messenger' | null) => {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page = await store.listContacts(botId, 'production', channel, { limit: 1, cursor });
            seen.push(...page.items.map((c) => `${c.channel}/${c.contact}`));
            cursor = page.nextCursor;
          } while (cursor !== null);
          return seen.sort();
        };
        expect(await listAll('telegram')).toEqual(['telegram/5550001', 'telegram/a:b*c']);
        expect(await listAll(null)).toEqual(['messenger/5550001', 'telegram/5550001', 'telegram/a:b*c']);
        expect((await store.listContacts(botId, 'development', null, { limit: 10 })).items).toEqual([]);

        expect(await store.deleteContact(botId, 'telegram', '5550001')).toBe(true);
        expect(await store.deleteContact(botId, 'telegram', '5550001')).toBe(false);
        expect(await store.getVariables(botId, 'production', 'telegram', '5550001')).toBeNull();
        expect((await store.getVariables(botId, 'production', 'messenger', '5550001'))?.variables).toEqual({ plan: 'fb' });
      });

      it('keeps activity newest first, paged and capped', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          const activity = anActivity(webhookId);
          ids.push(activity.requestId);
          await store.acceptInbound(inbound(botId, webhookId, { activity }));
        }
        const first = await store.listActivity(botId, webhookId, { limit: 3 });
        expect(first.items.map((a) => a.requestId)).toEqual([ids[4], ids[3], ids[2]]);
        const second = await store.listActivity(botId, webhookId, { limit: 3, cursor: first.nextCursor });
        expect(second.items.map((a) => a.requestId)).toEqual([ids[1], ids[0]]);
        expect(second.nextCursor).toBeNull();
      });

      it('appends events in order', async () => {
        const events = [anEvent(botId, 'webhook.received'), anEvent(botId, 'workflow.triggered')];
        await store.acceptInbound(inbound(botId, webhookId, { events }));
        await store.appendEvents(botId, [anEvent(botId, 'lead.created')]);
        const page = await store.listEvents(botId, { limit: 10 });
        expect(page.items.map((e) => e.type)).toEqual(['lead.created', 'workflow.triggered', 'webhook.received']);
        expect(page.items[2]).toEqual(events[0]);
      });

      it('replays an idempotent call instead of applying it twice', async () => {
        const record = { bodyHash: 'h1', status: 202, response: { requestId: 'req_1' } };
        const first = await store.acceptInbound(inbound(botId, webhookId, { idempotency: { key: 'k1', record }, variables: { n: 1 } }));
        expect(first).toEqual({ kind: 'accepted' });
        const again = await store.acceptInbound(
          inbound(botId, webhookId, { idempotency: { key: 'k1', record: { ...record, bodyHash: 'h2' } }, variables: { n: 2 } }),
        );
        expect(again).toEqual({ kind: 'replay', record });
        expect(await store.getIdempotency(botId, 'k1')).toEqual(record);
        expect(await store.getIdempotency(botId, 'k2')).toBeNull();
        expect((await store.getVariables(botId, 'production', 'whatsapp', '+14155550123'))?.variables).toEqual({ n: 1 });
        expect((await store.listActivity(botId, webhookId, { limit: 10 })).items).toHaveLength(1);
      });

      it('rate limits per webhook with a retry time, writing nothing for a refused call', async () => {
        const now = Date.now();
        const rateLimit = { limit: 3, periodSeconds: 60 };
        for (let i = 0; i < 3; i++) {
          expect(await store.acceptInbound(inbound(botId, webhookId, { now, rateLimit }))).toEqual({ kind: 'accepted' });
        }
        const refused = await store.acceptInbound(inbound(botId, webhookId, { now, rateLimit, variables: { late: true } }));
        expect(refused.kind).toBe('rate-limited');
        expect(refused.kind === 'rate-limited' && refused.retryAfterMs).toBe(20_000);
        expect((await store.getVariables(botId, 'production', 'whatsapp', '+14155550123'))?.variables).not.toHaveProperty('late');
        expect(await store.acceptInbound(inbound(botId, webhookId, { now: now + 20_000, rateLimit }))).toEqual({ kind: 'accepted' });
      });

      it('keeps the rate limit per environment: development calls do not use up production’s quota', async () => {
        const now = Date.now();
        const rateLimit = { limit: 1, periodSeconds: 60 };
        const call = (environment: 'production' | 'development') =>
          store.acceptInbound(inbound(botId, webhookId, { now, rateLimit, environment }));
        expect(await call('development')).toEqual({ kind: 'accepted' });
        expect((await call('development')).kind).toBe('rate-limited');
        expect(await call('production')).toEqual({ kind: 'accepted' });
        expect((await call('production')).kind).toBe('rate-limited');
      });
    });

    describe('reply queue', () => {
      let botId: string;
      let webhookId: string;

      beforeEach(async () => {
        const bot = aBot();
        await store.createBot(bot);
        botId = bot.id;
        webhookId = aWebhook(bot.id).id;
      });

      const queue = (message: Reply, now = Date.now()) =>
        store.acceptInbound(inbound(botId, webhookId, { message, now, contact: message.contact }));
      const done = (m: Reply): Reply => ({ ...m, status: 'sent', attempts: m.attempts + 1 });

      it('hands out one message per lane, in order, and lanes in parallel', async () => {
        const now = Date.now();
        const a1 = aMessage(botId, { contact: '+111111111' });
        const a2 = aMessage(botId, { contact: '+111111111' });
        const b1 = aMessage(botId, { contact: '+222222222' });
        await queue(a1, now);
        await queue(a2, now);
        await queue(b1, now);

        const bots = await replies.claimBots(now, 10, 30_000);
        expect(bots.map((b) => b.botId)).toContain(botId);
        const leases = await replies.claimLanes(botId, now, 10, 30_000);
        expect(leases.map((l) => l.message.id).sort()).toEqual([a1.id, b1.id].sort());
        // Leased lanes are not handed out again until settled or expired.
        expect(await replies.claimLanes(botId, now, 10, 30_000)).toEqual([]);

        const leaseA = leases.find((l) => l.message.id === a1.id)!;
        expect(await replies.settle(leaseA, { message: done(a1), outcome: 'done', events: [anEvent(botId, 'message.sent')] }, now)).toEqual(
          {
            settled: true,
            laneDueNow: true,
          },
        );
        const next = await replies.claimLanes(botId, now, 10, 30_000);
        expect(next.map((l) => l.message.id)).toEqual([a2.id]);
        expect((await store.getMessages(botId, [a1.id]))[0]?.status).toBe('sent');
        expect((await store.listEvents(botId, { limit: 1 })).items[0]?.type).toBe('message.sent');
      });

      it('hands each lease its channel account as the claim read it, or null once the account is gone', async () => {
        const now = Date.now();
        const account = { ...anAccount('sandbox'), botId };
        await store.putChannel(account);
        const m1 = aMessage(botId, { accountId: account.id, contact: '+111111111' });
        const m2 = aMessage(botId, { accountId: account.id, contact: '+222222222' });
        await queue(m1, now);
        const [lease] = await replies.claimLanes(botId, now, 10, 30_000);
        expect(lease?.account).toEqual(account);
        await store.deleteChannel(botId, account.id);
        await queue(m2, now);
        const [orphan] = await replies.claimLanes(botId, now, 10, 30_000);
        expect(orphan?.message.id).toBe(m2.id);
        expect(orphan?.account).toBeNull();
      });

      it('says when a settled lane has its next message due at once', async () => {
        const now = Date.now();
        const [a1, a2] = [aMessage(botId, { contact: '+111111111' }), aMessage(botId, { contact: '+111111111' })];
        await queue(a1, now);
        await queue(a2, now);
        const [first] = await replies.claimLanes(botId, now, 10, 30_000);
        expect(await replies.settle(first!, { message: done(a1), outcome: 'done', events: [] }, now)).toEqual({
          settled: true,
          laneDueNow: true,
        });
        const [second] = await replies.claimLanes(botId, now, 10, 30_000);
        expect(second?.message.id).toBe(a2.id);
        const retry = { message: { ...a2, status: 'retrying' as const }, outcome: 'retry' as const, retryAt: now + 5000, events: [] };
        expect(await replies.settle(second!, retry, now)).toEqual({ settled: true, laneDueNow: false });
        const [third] = await replies.claimLanes(botId, now + 5000, 10, 30_000);
        expect(await replies.settle(third!, { message: done(a2), outcome: 'done', events: [] }, now + 5000)).toEqual({
          settled: true,
          laneDueNow: false,
        });
      });

      it('re-delivers a lane whose lease expired, and refuses the stale lease', async () => {
        const now = Date.now();
        const m = aMessage(botId);
        await queue(m, now);
        const [first] = await replies.claimLanes(botId, now, 10, 1000);
        expect(first?.message.id).toBe(m.id);
        const [again] = await replies.claimLanes(botId, now + 1001, 10, 1000);
        expect(again?.message.id).toBe(m.id);
        expect((await replies.settle(first!, { message: done(m), outcome: 'done', events: [] }, now + 1002)).settled).toBe(false);
        expect((await replies.settle(again!, { message: done(m), outcome: 'done', events: [] }, now + 1002)).settled).toBe(true);
        expect(await replies.claimLanes(botId, now + 5000, 10, 1000)).toEqual([]);
      });

      it('holds a lane until its retry time', async () => {
        const now = Date.now();
        const m = aMessage(botId);
        const later = aMessage(botId);
        await queue(m, now);
        await queue(later, now);
        const [lease] = await replies.claimLanes(botId, now, 10, 30_000);
        await replies.settle(lease!, { message: { ...m, status: 'retrying' }, outcome: 'retry', retryAt: now + 2000, events: [] }, now);
        expect(await replies.claimLanes(botId, now + 1999, 10, 30_000)).toEqual([]);
        const [retry] = await replies.claimLanes(botId, now + 2000, 10, 30_000);
        expect(retry?.message.id).toBe(m.id);
        expect(retry?.message.status).toBe('retrying');
      });

      it('schedules a bot again after release when lanes remain, and drops it when none do', async () => {
        const now = Date.now();
        const m = aMessage(botId);
        await queue(m, now);
        const [claim] = (await replies.claimBots(now, 100, 30_000)).filter((b) => b.botId === botId);
        expect(claim).toBeDefined();
        const [lease] = await replies.claimLanes(botId, now, 10, 30_000);
        await replies.settle(lease!, { message: m, outcome: 'retry', retryAt: now + 5000, events: [] }, now);
        await replies.releaseBot(botId, claim!.lease, now);
        expect((await replies.claimBots(now + 4999, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);
        const [again] = (await replies.claimBots(now + 5000, 100, 30_000)).filter((b) => b.botId === botId);
        expect(again).toBeDefined();
        const [lease2] = await replies.claimLanes(botId, now + 5000, 10, 30_000);
        await replies.settle(lease2!, { message: done(m), outcome: 'done', events: [] }, now + 5000);
        await replies.releaseBot(botId, again!.lease, now + 5000);
        expect((await replies.claimBots(now + 999_999, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);
      });

      it('keeps a bot scheduled when new work arrives during a pass', async () => {
        const now = Date.now();
        await queue(aMessage(botId, { contact: '+111111111' }), now);
        const [claim] = (await replies.claimBots(now, 100, 30_000)).filter((b) => b.botId === botId);
        const [lease] = await replies.claimLanes(botId, now, 10, 30_000);
        await queue(aMessage(botId, { contact: '+222222222' }), now + 1);
        await replies.settle(lease!, { message: done(lease!.message), outcome: 'done', events: [] }, now + 2);
        await replies.releaseBot(botId, claim!.lease, now + 2);
        expect((await replies.claimBots(now + 3, 100, 30_000)).map((b) => b.botId)).toContain(botId);
      });

      it('reconcile re-schedules bots with queued replies', async () => {
        const now = Date.now();
        await queue(aMessage(botId), now);
        // Lose the scheduler entry as a crash between the two writes would.
        const [claim] = (await replies.claimBots(now, 100, 30_000)).filter((b) => b.botId === botId);
        expect(claim).toBeDefined();
        expect((await replies.claimBots(now + 1, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);
        expect(await replies.reconcile(now + 1)).toBeGreaterThanOrEqual(1);
        expect((await replies.claimBots(now + 1, 100, 30_000)).map((b) => b.botId)).toContain(botId);
      });

      it('reports a claimed message as sending until its attempt is settled, and the rest of its lane as queued', async () => {
        const now = Date.now();
        const m = aMessage(botId);
        const next = aMessage(botId);
        await queue(m, now);
        await queue(next, now);
        const statuses = async () => (await store.getMessages(botId, [m.id, next.id])).map((x) => [x?.status, x?.nextAttemptAt]);
        expect(await statuses()).toEqual([
          ['queued', null],
          ['queued', null],
        ]);

        const [lease] = await replies.claimLanes(botId, now, 10, 30_000);
        expect(lease?.message.status).toBe('queued');
        expect(await statuses()).toEqual([
          ['sending', null],
          ['queued', null],
        ]);

        const retryAt = new Date(now + 2000).toISOString();
        await replies.settle(
          lease!,
          { message: { ...m, status: 'retrying', attempts: 1, nextAttemptAt: retryAt }, outcome: 'retry', retryAt: now + 2000, events: [] },
          now,
        );
        expect(await statuses()).toEqual([
          ['retrying', retryAt],
          ['queued', null],
        ]);

        const [retry] = await replies.claimLanes(botId, now + 2000, 10, 30_000);
        expect(await statuses()).toEqual([
          ['sending', null],
          ['queued', null],
        ]);
        await replies.settle(
          retry!,
          { message: { ...done(retry!.message), nextAttemptAt: null }, outcome: 'done', events: [] },
          now + 2000,
        );
        expect(await statuses()).toEqual([
          ['sent', null],
          ['queued', null],
        ]);

        await replies.claimLanes(botId, now + 2000, 10, 30_000);
        expect(await statuses()).toEqual([
          ['sent', null],
          ['sending', null],
        ]);
      });

      it('keeps reporting sending while a crashed worker’s lease is taken over, until the new attempt settles', async () => {
        const now = Date.now();
        const m = aMessage(botId);
        await queue(m, now);
        await replies.claimLanes(botId, now, 10, 1000);
        const status = async () => (await store.getMessages(botId, [m.id]))[0]?.status;
        expect(await status()).toBe('sending');
        const [takeover] = await replies.claimLanes(botId, now + 1001, 10, 1000);
        expect(takeover?.message.id).toBe(m.id);
        expect(await status()).toBe('sending');
        await replies.settle(takeover!, { message: { ...done(m), error: null }, outcome: 'done', events: [] }, now + 1002);
        expect(await status()).toBe('sent');
      });

      it('brings a retry forward when another pass over the same bot released it to a later time', async () => {
        const now = Date.now();
        const a = aMessage(botId, { contact: '+111111111' });
        const b = aMessage(botId, { contact: '+222222222' });
        await queue(a, now);
        const [first] = (await replies.claimBots(now, 100, 30_000)).filter((x) => x.botId === botId);
        const [leaseA] = await replies.claimLanes(botId, now, 10, 30_000);
        // New work mid-pass: the bot is claimed again (a second pass) and B is delivered first.
        await queue(b, now + 1);
        const [second] = (await replies.claimBots(now + 1, 100, 30_000)).filter((x) => x.botId === botId);
        expect(second).toBeDefined();
        const [leaseB] = await replies.claimLanes(botId, now + 1, 10, 30_000);
        expect(leaseB?.message.id).toBe(b.id);
        await replies.settle(leaseB!, { message: done(b), outcome: 'done', events: [] }, now + 2);
        // A's lane is still leased, so the second pass hands the bot back for the lease's end.
        await replies.releaseBot(botId, second!.lease, now + 2);
        expect((await replies.claimBots(now + 2999, 100, 30_000)).map((x) => x.botId)).not.toContain(botId);

        await replies.settle(
          leaseA!,
          { message: { ...a, status: 'retrying' }, outcome: 'retry', retryAt: now + 3000, events: [] },
          now + 3,
        );
        await replies.releaseBot(botId, first!.lease, now + 3);
        expect((await replies.claimBots(now + 2999, 100, 30_000)).map((x) => x.botId)).not.toContain(botId);
        expect((await replies.claimBots(now + 3000, 100, 30_000)).map((x) => x.botId)).toContain(botId);
      });

      it('reports its depth: bots with queued replies, and those due that no worker holds', async () => {
        const now = Date.now();
        expect(await replies.depth(now)).toEqual({ scheduledBots: 0, dueBots: 0 });
        const m = aMessage(botId);
        await queue(m, now);
        expect(await replies.depth(now)).toEqual({ scheduledBots: 1, dueBots: 1 });
        const [claim] = await replies.claimBots(now, 100, 30_000);
        expect(await replies.depth(now)).toEqual({ scheduledBots: 1, dueBots: 0 });
        const [lease] = await replies.claimLanes(botId, now, 10, 30_000);
        await replies.settle(lease!, { message: { ...m, status: 'retrying' }, outcome: 'retry', retryAt: now + 5000, events: [] }, now);
        await replies.releaseBot(botId, claim!.lease, now);
        expect(await replies.depth(now)).toEqual({ scheduledBots: 1, dueBots: 0 });
        expect(await replies.depth(now + 5000)).toEqual({ scheduledBots: 1, dueBots: 1 });
        const [again] = await replies.claimBots(now + 5000, 100, 30_000);
        const [retry] = await replies.claimLanes(botId, now + 5000, 10, 30_000);
        await replies.settle(retry!, { message: done(m), outcome: 'done', events: [] }, now + 5000);
        await replies.releaseBot(botId, again!.lease, now + 5000);
        expect(await replies.depth(now + 5000)).toEqual({ scheduledBots: 0, dueBots: 0 });
      });

      it('wakes a waiting worker when a reply is queued, not before and not at its timeout', async () => {
        let woke = false;
        const started = Date.now();
        const waiting = replies.waitForWork(30_000).then(() => {
          woke = true;
        });
        await new Promise((r) => setTimeout(r, 50));
        expect(woke).toBe(false);
        await queue(aMessage(botId));
        await waiting;
        // Far inside the 30 s timeout: the queued reply woke it.
        expect(Date.now() - started).toBeLessThan(10_000);
      });
    });
  });
}
