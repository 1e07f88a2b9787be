import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../src/domain/types.ts';
import { newId } from '../../src/lib/ids.ts';
import type { RejectionWrite } from '../../src/store/activity.ts';
import type { InboundWrite, ReplyQueue, Store } from '../../src/store/store.ts';
import type { Delivery, SubscriptionStore } from '../../src/store/subscriptions.ts';
import { aBot, aMessage, anActivity, anEvent, anInboundWrite, aWebhook } from '../helpers/fixtures.ts';

export interface ActivitySubject {
  store: Store;
  replies: ReplyQueue;
  subscriptions: SubscriptionStore;
  cleanup(): Promise<void>;
}

const PROBLEM = {
  type: 'https://hookgate.dev/problems/unauthorized',
  title: 'Unauthorized',
  status: 401,
  detail: 'Missing or invalid bearer token.',
};

function rejection(botId: string, webhookId: string, overrides: Partial<RejectionWrite> = {}): RejectionWrite {
  return {
    botId,
    webhookId,
    entry: { ...anActivity(webhookId), outcome: 'rejected', httpStatus: 401, problem: PROBLEM, body: null, variables: {}, contact: null },
    summary: true,
    now: Date.now(),
    summaryLimit: 3,
    windowMs: 60_000,
    ...overrides,
  };
}

/** What every store must do for the activity log, its refused calls and the change streams live views read. */
export function describeActivityContract(name: string, make: () => Promise<ActivitySubject>): void {
  describe(`activity and change stream contract: ${name}`, () => {
    let subject: ActivitySubject;
    let store: Store;
    let botId: string;
    let webhookId: string;

    beforeEach(async () => {
      subject = await make();
      store = subject.store;
      const bot = aBot();
      await store.createBot(bot);
      const block = aWebhook(bot.id);
      await store.createWebhook(block);
      botId = bot.id;
      webhookId = block.id;
    });
    afterEach(() => subject.cleanup());

    const accept = (activity: ActivityEntry, message: InboundWrite['message'] = null) =>
      store.acceptInbound(
        anInboundWrite(botId, webhookId, {
          contact: activity.contact,
          channel: 'sandbox',
          variables: activity.variables,
          activity: { ...activity, messageId: message?.id ?? null },
          message,
        }),
      );

    it('lists accepted and refused calls together, newest first, with their positions', async () => {
      const accepted = anActivity(webhookId);
      expect((await accept(accepted)).kind).toBe('accepted');
      const refused = rejection(botId, webhookId, { summary: false });
      expect(await store.recordRejection(refused)).toBe('recorded');
      const scanned = await store.scanActivity(botId, webhookId, null, 10);
      expect(scanned.map((s) => s.entry)).toEqual([refused.entry, accepted]);
      const older = await store.scanActivity(botId, webhookId, scanned[0]!.position, 10);
      expect(older.map((s) => s.entry)).toEqual([accepted]);
      expect(await store.scanActivity(botId, webhookId, scanned[1]!.position, 10)).toEqual([]);
    });

    it('caps summaries per window, and the next one recorded says how many it left out', async () => {
      const now = Date.now();
      const results = [];
      for (let n = 0; n < 5; n++) results.push(await store.recordRejection(rejection(botId, webhookId, { now: now + n })));
      expect(results).toEqual(['recorded', 'recorded', 'recorded', 'suppressed', 'suppressed']);
      // Full entries are not capped.
      expect(await store.recordRejection(rejection(botId, webhookId, { summary: false, now }))).toBe('recorded');
      const next = rejection(botId, webhookId, { now: now + 60_000 });
      expect(await store.recordRejection(next)).toBe('recorded');
      const [newest, ...rest] = await store.scanActivity(botId, webhookId, null, 10);
      expect(newest!.entry).toEqual({ ...next.entry, suppressed: 2 });
      expect(rest.every((r) => r.entry.suppressed === undefined)).toBe(true);
      expect(rest).toHaveLength(4);
    });

    it('records nothing for a deleted bot', async () => {
      await store.deleteBot(botId);
      expect(await store.recordRejection(rejection(botId, webhookId))).toBe('gone');
      expect(await store.scanActivity(botId, webhookId, null, 10)).toEqual([]);
    });

    it('streams each decision with its entry and each reply state after it, resumable after any change', async () => {
      expect(await store.lastActivityChange(botId, webhookId)).toBe('0-0');
      const message = aMessage(botId, { webhookId });
      const activity = anActivity(webhookId, { requestId: message.requestId });
      await accept(activity, message);
      const refused = rejection(botId, webhookId, { summary: false });
      await store.recordRejection(refused);
      const [lease] = await subject.replies.claimLanes(botId, Date.now(), 10, 60_000);
      expect(lease?.message.id).toBe(message.id);
      const sent = { ...message, status: 'sent' as const, attempts: 1, providerMessageId: 'p-1' };
      expect((await subject.replies.settle(lease!, { message: sent, outcome: 'done', events: [] }, Date.now())).settled).toBe(true);

      const changes = await store.activityChanges(botId, webhookId, '0-0', 100);
      expect(changes.map((c) => [c.requestId, c.entry?.requestId ?? null, c.reply?.status ?? null])).toEqual([
        [message.requestId, message.requestId, 'queued'],
        [refused.entry.requestId, refused.entry.requestId, null],
        [message.requestId, null, 'sending'],
        [message.requestId, null, 'sent'],
      ]);
      expect(changes[0]!.entry).toEqual({ ...activity, messageId: message.id });
      expect(changes[3]!.reply).toMatchObject({ providerMessageId: 'p-1', attempts: 1 });
      expect(await store.lastActivityChange(botId, webhookId)).toBe(changes[3]!.id);
      // Resuming after any change gives exactly the rest; positions strictly increase.
      for (let i = 0; i < changes.length; i++) {
        expect(await store.activityChanges(botId, webhookId, changes[i]!.id, 100)).toEqual(changes.slice(i + 1));
      }
      expect(await store.activityChanges(botId, webhookId, '0-0', 2)).toEqual(changes.slice(0, 2));
      // Another webhook's stream is its own.
      expect(await store.activityChanges(botId, aWebhook(botId).id, '0-0', 100)).toEqual([]);
    });

    it('streams a subscription’s delivery changes: created, then each attempt, resumable', async () => {
      const { subscriptions } = subject;
      const subscriptionId = newId('sub');
      expect(await subscriptions.lastDeliveryChange(botId, subscriptionId)).toBe('0-0');
      const now = Date.now();
      const at = new Date(now).toISOString();
      const delivery: Delivery = {
        id: newId('dlv'),
        botId,
        subscriptionId,
        event: anEvent(botId, 'lead.created'),
        status: 'failed',
        attempts: [],
        nextAttemptAt: null,
        createdAt: at,
        updatedAt: at,
      };
      expect(await subscriptions.recordManualAttempt({ delivery, retryAt: null, events: [], health: 'none' }, now)).not.toBeNull();
      const lease = await subscriptions.claimDelivery(botId, delivery.id, now, 60_000);
      expect(lease).not.toBeNull();
      const settled = { ...delivery, status: 'succeeded' as const, updatedAt: new Date(now + 1).toISOString() };
      expect(
        await subscriptions.settleDelivery(lease!, { delivery: settled, retryAt: null, events: [], health: 'none' }, now + 1),
      ).not.toBeNull();
      const changes = await subscriptions.deliveryChanges(botId, subscriptionId, '0-0', 10);
      expect(changes.map((c) => c.deliveryId)).toEqual([delivery.id, delivery.id]);
      expect(await subscriptions.deliveryChanges(botId, subscriptionId, changes[0]!.id, 10)).toEqual(changes.slice(1));
      expect(await subscriptions.lastDeliveryChange(botId, subscriptionId)).toBe(changes[1]!.id);
      expect(await subscriptions.deliveryChanges(botId, newId('sub'), '0-0', 10)).toEqual([]);
    });

    it('forgets a deleted webhook’s activity and changes', async () => {
      await accept(anActivity(webhookId));
      await store.deleteWebhook(botId, webhookId);
      expect(await store.scanActivity(botId, webhookId, null, 10)).toEqual([]);
      expect(await store.activityChanges(botId, webhookId, '0-0', 10)).toEqual([]);
    });
  });
}
