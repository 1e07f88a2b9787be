import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import type { InboundWrite, Store } from '../../src/store/store.ts';
import type { Delivery, DeliverySettlement, Subscription, SubscriptionStore } from '../../src/store/subscriptions.ts';
import { aBot, anEvent, anInboundWrite, aWebhook } from '../helpers/fixtures.ts';
import { CONTRACT_PAUSED_LIMIT, type ShiftedClock } from './backends.ts';

export interface SubscriptionSubject {
  store: Store;
  outbound: SubscriptionStore;
  /** The backend's clock, which a test may set apart from real time. */
  clock: ShiftedClock;
  /** The Redis keys whose name holds `text` (none on memory, which a test observes through the port). */
  keysWith(text: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

export function aSubscription(botId: string, overrides: Partial<Subscription> = {}): Subscription {
  const now = new Date().toISOString();
  return {
    id: newId('sub'),
    botId,
    workspaceId: 'ws1',
    name: 'CRM',
    folder: null,
    url: 'https://crm.example.com/hook',
    method: 'POST',
    headers: {},
    params: {},
    body: null,
    events: ['lead.*'],
    enabled: true,
    disabledReason: null,
    retry: { scheduleSeconds: [60, 300, 1800] },
    includeDevelopment: false,
    timeoutMs: 30_000,
    secrets: { current: 'enc', previous: null },
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function aDelivery(botId: string, subscriptionId: string, createdAt = new Date().toISOString()): Delivery {
  return {
    id: newId('dlv'),
    botId,
    subscriptionId,
    event: anEvent(botId, 'lead.created'),
    status: 'pending',
    attempts: [],
    nextAttemptAt: createdAt,
    createdAt,
    updatedAt: createdAt,
  };
}

const settled = (
  d: Delivery,
  status: Delivery['status'],
  retryAt: number | null,
  health: DeliverySettlement['health'] = 'failure',
): DeliverySettlement => ({
  delivery: { ...d, status },
  retryAt,
  events: [],
  health,
});

/** An inbound call that appends one event and queues no reply; `dispatch`: whether it signals the dispatcher. */
function eventWrite(botId: string, webhookId: string, now: number, dispatch: boolean): InboundWrite {
  return anInboundWrite(botId, webhookId, {
    now,
    contact: null,
    channel: 'sandbox',
    variables: {},
    events: [anEvent(botId, 'webhook.received')],
    dispatch,
  });
}

/** What every outbound store must do, whatever holds the data. */
export function describeSubscriptionContract(name: string, make: () => Promise<SubscriptionSubject>): void {
  describe(`subscription store contract: ${name}`, () => {
    let subject: SubscriptionSubject;
    let outbound: SubscriptionStore;
    let botId: string;

    beforeEach(async () => {
      subject = await make();
      outbound = subject.outbound;
      const bot = aBot();
      await subject.store.createBot(bot);
      botId = bot.id;
    });
    afterEach(() => subject.cleanup());

    it('tells an inbound call whether the bot has a subscription, and moves the config version when that changes', async () => {
      const block = aWebhook(botId);
      await subject.store.createWebhook(block);
      const before = await subject.store.loadHook(block.id);
      expect(before?.subscribed).toBe(false);
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const with1 = await subject.store.loadHook(block.id);
      expect(with1?.subscribed).toBe(true);
      expect(with1?.version).not.toBe(before?.version);
      await outbound.deleteSubscription(botId, sub.id);
      const after = await subject.store.loadHook(block.id);
      expect(after?.subscribed).toBe(false);
      expect(after?.version).not.toBe(with1?.version);
    });

    it('leaves the config version alone when a bot that has a subscription gets or loses another, so calls prepared before stay valid', async () => {
      const now = Date.now();
      const block = aWebhook(botId);
      await subject.store.createWebhook(block);
      const first = aSubscription(botId);
      await outbound.putSubscription(first);
      const read = await subject.store.loadHook(block.id);
      // A call prepared from that read, accepted after the bot's subscriptions changed under it.
      const write = () => ({ ...eventWrite(botId, block.id, now, true), configVersion: read?.version ?? null });
      const second = aSubscription(botId);
      await outbound.putSubscription(second);
      expect(await subject.store.acceptInbound(write())).toEqual({ kind: 'accepted' });
      await outbound.deleteSubscription(botId, first.id);
      expect(await subject.store.acceptInbound(write())).toEqual({ kind: 'accepted' });
      expect((await subject.store.loadHook(block.id))?.version).toBe(read?.version);
      // The last one's removal changes whether the bot is subscribed: such a call is prepared again.
      await outbound.deleteSubscription(botId, second.id);
      expect(await subject.store.acceptInbound(write())).toEqual({ kind: 'stale' });
      // And so does the next first subscription.
      const after = await subject.store.loadHook(block.id);
      await outbound.putSubscription(aSubscription(botId));
      expect(await subject.store.acceptInbound({ ...write(), configVersion: after?.version ?? null, dispatch: false })).toEqual({
        kind: 'stale',
      });
    });

    it('appends an inbound call’s events without scheduling the dispatcher when the call says nobody subscribes', async () => {
      const now = Date.now();
      const block = aWebhook(botId);
      await subject.store.createWebhook(block);
      const write = (dispatch: boolean) => eventWrite(botId, block.id, now, dispatch);
      expect(await subject.store.acceptInbound(write(false))).toEqual({ kind: 'accepted' });
      expect((await subject.store.listEvents(botId, { limit: 10 })).items).toHaveLength(1);
      expect((await outbound.depth(now + 1000)).scheduledBots).toBe(0);
      expect(await subject.store.acceptInbound(write(true))).toEqual({ kind: 'accepted' });
      expect(await outbound.depth(now + 1000)).toEqual({ scheduledBots: 1, dueBots: 1 });
    });

    it('replaces a subscription only while it still has the updatedAt the writer read', async () => {
      const sub = aSubscription(botId, { updatedAt: '2026-01-01T00:00:00.000Z' });
      await outbound.putSubscription(sub);
      const edited = { ...sub, name: 'Edited', updatedAt: '2026-01-01T00:00:00.001Z' };
      expect(await outbound.updateSubscription(edited, sub.updatedAt)).toBe(true);
      // A second writer that read the old version loses, and changes nothing.
      expect(await outbound.updateSubscription({ ...sub, enabled: false, updatedAt: '2026-01-01T00:00:00.002Z' }, sub.updatedAt)).toBe(
        false,
      );
      expect(await outbound.getSubscription(botId, sub.id)).toEqual(edited);
      // A deleted subscription is not brought back.
      await outbound.deleteSubscription(botId, sub.id);
      expect(await outbound.updateSubscription({ ...edited, updatedAt: '2026-01-01T00:00:00.003Z' }, edited.updatedAt)).toBe(false);
      expect(await outbound.getSubscription(botId, sub.id)).toBeNull();
    });

    it('stores, lists and deletes subscriptions', async () => {
      const a = aSubscription(botId, { createdAt: '2026-01-01T00:00:00.000Z' });
      const b = aSubscription(botId, { createdAt: '2026-01-02T00:00:00.000Z' });
      await outbound.putSubscription(b);
      await outbound.putSubscription(a);
      expect(await outbound.getSubscription(botId, a.id)).toEqual(a);
      expect((await outbound.listSubscriptions(botId)).map((s) => s.id)).toEqual([a.id, b.id]);
      await outbound.deleteSubscription(botId, a.id);
      expect(await outbound.getSubscription(botId, a.id)).toBeNull();
    });

    it('forgets a deleted bot’s subscriptions and deliveries', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const d = aDelivery(botId, sub.id);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, [d], now);
      await subject.store.deleteBot(botId);
      expect(await subject.store.sweepDeletedBots()).toBe(true);
      expect(await outbound.getSubscription(botId, sub.id)).toBeNull();
      expect(await outbound.listSubscriptions(botId)).toEqual([]);
      expect(await outbound.getDelivery(botId, d.id)).toBeNull();
      expect((await outbound.listDeliveries(botId, sub.id, { limit: 10 })).items).toEqual([]);
      expect(await outbound.claimDeliveries(botId, now, 10, 30_000)).toEqual([]);
    });

    it('keeps a disabled subscription’s deliveries paused until released: resumed or discarded', async () => {
      const now = Date.now();
      const off = aSubscription(botId, { enabled: false, disabledReason: 'manual' });
      await outbound.putSubscription(off);
      const paused = [0, 1, 2].map(() => ({ ...aDelivery(botId, off.id), status: 'paused' as const, nextAttemptAt: null }));
      const { cursor } = await outbound.readUndispatched(botId, 1);
      // Paused for a subscription enabled meanwhile: refused, the dispatcher must read them again.
      const on = aSubscription(botId);
      await outbound.putSubscription(on);
      const stale = { ...aDelivery(botId, on.id), status: 'paused' as const, nextAttemptAt: null };
      expect((await outbound.commitDispatch(botId, cursor, cursor, [stale, ...paused], now)).committed).toBe(false);
      expect((await outbound.commitDispatch(botId, cursor, cursor, paused, now)).committed).toBe(true);
      expect(await outbound.claimDeliveries(botId, now + 60_000, 10, 30_000)).toEqual([]);
      expect((await outbound.listDeliveries(botId, off.id, { limit: 10, status: 'paused' })).items).toHaveLength(3);

      expect(await outbound.releasePaused(botId, off.id, 'discard', now, 1)).toBe(1);
      expect(await outbound.releasePaused(botId, off.id, 'resume', now, 10)).toBe(2);
      expect(await outbound.releasePaused(botId, off.id, 'resume', now, 10)).toBe(0);
      const claimed = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(claimed.map((l) => l.delivery.status)).toEqual(['pending', 'pending']);
      const statuses = (await outbound.listDeliveries(botId, off.id, { limit: 10 })).items.map((d) => d.status).sort();
      expect(statuses).toEqual(['discarded', 'pending', 'pending']);

      // A delivery of a subscription disabled while it was queued is settled as paused, off the queue.
      const lease = claimed[0]!;
      const pause = { ...lease.delivery, status: 'paused' as const, nextAttemptAt: null };
      expect(await outbound.settleDelivery(lease, { delivery: pause, retryAt: null, events: [], health: 'none' }, now)).toBe(0);
      expect(await outbound.releasePaused(botId, off.id, 'resume', now, 10)).toBe(1);
      const [again] = await outbound.claimDeliveries(botId, now + 60_000, 10, 30_000);
      expect(again!.delivery.id).toBe(lease.delivery.id);

      // Paused by a worker that read the subscription just before it was enabled (and resumed):
      // queued all the same, not left waiting.
      await outbound.putSubscription({ ...off, enabled: true, disabledReason: null });
      expect(await outbound.settleDelivery(again!, { delivery: pause, retryAt: null, events: [], health: 'none' }, now)).toBe(0);
      expect((await outbound.claimDeliveries(botId, now + 60_000, 10, 30_000)).map((l) => l.delivery.id)).toEqual([lease.delivery.id]);
    });

    it('queues only the head of a per-contact lane; finishing or discarding it queues the next', async () => {
      const now = Date.now();
      const sub = aSubscription(botId, { ordering: 'per-contact' });
      await outbound.putSubscription(sub);
      const lane = `${sub.id}:contact-a`;
      const [a, b, c] = [0, 1, 2].map(() => ({ ...aDelivery(botId, sub.id), lane }));
      const other = { ...aDelivery(botId, sub.id), lane: `${sub.id}:contact-b` };
      const { cursor } = await outbound.readUndispatched(botId, 1);
      expect((await outbound.commitDispatch(botId, cursor, cursor, [a!, b!, other, c!], now)).committed).toBe(true);
      const first = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(first.map((l) => l.delivery.id).sort()).toEqual([a!.id, other.id].sort());
      const leaseA = first.find((l) => l.delivery.id === a!.id)!;
      // A retry keeps the lane waiting behind it.
      expect(await outbound.settleDelivery(leaseA, settled(a!, 'pending', now + 1000), now)).toBe(1);
      expect(await outbound.claimDeliveries(botId, now + 500, 10, 30_000)).toEqual([]);
      const [again] = await outbound.claimDeliveries(botId, now + 1000, 10, 30_000);
      expect(again!.delivery.id).toBe(a!.id);
      expect(await outbound.settleDelivery(again!, settled(a!, 'succeeded', null, 'success'), now + 1000)).toBe(0);
      const [leaseB] = await outbound.claimDeliveries(botId, now + 1000, 10, 30_000);
      expect(leaseB!.delivery.id).toBe(b!.id);
      // Paused at the head (its subscription was disabled): discarding it makes way for the next.
      await outbound.putSubscription({ ...sub, enabled: false, disabledReason: 'manual' });
      const pausedB = { ...b!, status: 'paused' as const, nextAttemptAt: null };
      await outbound.settleDelivery(leaseB!, { delivery: pausedB, retryAt: null, events: [], health: 'none' }, now + 1000);
      expect(await outbound.claimDeliveries(botId, now + 2000, 10, 30_000)).toEqual([]);
      expect(await outbound.releasePaused(botId, sub.id, 'discard', now + 2000, 10)).toBe(1);
      expect((await outbound.claimDeliveries(botId, now + 2000, 10, 30_000)).map((l) => l.delivery.id)).toEqual([c!.id]);
    });

    it('deleting a per-contact subscription leaves none of its lanes or deliveries behind', async () => {
      const now = Date.now();
      const sub = aSubscription(botId, { ordering: 'per-contact' });
      await outbound.putSubscription(sub);
      const lanes = Array.from({ length: 3 }, (_, i) => `${sub.id}:contact-${i}`);
      // Many deliveries (more than one batch of the removal), three lanes, an unordered one.
      const laned = Array.from({ length: 1200 }, (_, i) => ({ ...aDelivery(botId, sub.id), lane: lanes[i % 3]! }));
      const loose = aDelivery(botId, sub.id);
      let { cursor } = await outbound.readUndispatched(botId, 1);
      expect((await outbound.commitDispatch(botId, cursor, cursor, [...laned, loose], now)).committed).toBe(true);
      // One lane's head is out with a worker; another's is paused (the subscription was disabled).
      const heads = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(heads).toHaveLength(4);
      const paused = heads.find((l) => l.delivery.lane === lanes[1])!;
      await outbound.putSubscription({ ...sub, enabled: false, disabledReason: 'manual' });
      const pause = { ...paused.delivery, status: 'paused' as const, nextAttemptAt: null };
      await outbound.settleDelivery(paused, { delivery: pause, retryAt: null, events: [], health: 'none' }, now);
      const leased = heads.find((l) => l.delivery.lane === lanes[0])!;
      // Another subscription's lane is none of its business.
      const neighbour = aSubscription(botId, { ordering: 'per-contact' });
      await outbound.putSubscription(neighbour);
      const kept = { ...aDelivery(botId, neighbour.id), lane: `${neighbour.id}:contact-0` };
      ({ cursor } = await outbound.readUndispatched(botId, 1));
      expect((await outbound.commitDispatch(botId, cursor, cursor, [kept], now)).committed).toBe(true);

      await outbound.deleteSubscription(botId, sub.id);

      for (const d of [...laned.slice(0, 10), ...laned.slice(-10), loose]) expect(await outbound.getDelivery(botId, d.id)).toBeNull();
      expect(await subject.keysWith(sub.id)).toEqual([]);
      // The lease a worker held settles into nothing.
      expect(await outbound.settleDelivery(leased, settled(leased.delivery, 'succeeded', null, 'success'), now)).toBeNull();
      expect(await outbound.getDelivery(botId, leased.delivery.id)).toBeNull();
      // Nothing of it is queued, and a subscription stored again under its id starts with empty lanes.
      expect((await outbound.claimDeliveries(botId, now + 60_000, 10, 30_000)).map((l) => l.delivery.id)).toEqual([kept.id]);
      await outbound.putSubscription(sub);
      const fresh = lanes.map((lane) => ({ ...aDelivery(botId, sub.id), lane }));
      ({ cursor } = await outbound.readUndispatched(botId, 1));
      expect((await outbound.commitDispatch(botId, cursor, cursor, fresh, now)).committed).toBe(true);
      expect((await outbound.claimDeliveries(botId, now + 60_000, 10, 30_000)).map((l) => l.delivery.id).sort()).toEqual(
        fresh.map((d) => d.id).sort(),
      );
      expect(await outbound.getDelivery(botId, kept.id)).not.toBeNull();
    });

    it('finishes a subscription deletion cut short: its deliveries and lanes go on the next finishDeletions', async () => {
      const now = Date.now();
      const sub = aSubscription(botId, { ordering: 'per-contact' });
      await outbound.putSubscription(sub);
      const ds = Array.from({ length: 40 }, (_, i) => ({ ...aDelivery(botId, sub.id), lane: `${sub.id}:contact-${i % 4}` }));
      const { cursor } = await outbound.readUndispatched(botId, 1);
      expect((await outbound.commitDispatch(botId, cursor, cursor, ds, now)).committed).toBe(true);
      await outbound.deleteSubscription(botId, sub.id, { purge: false });
      // Gone for every reader at once; its deliveries are removed by the resumption.
      expect(await outbound.getSubscription(botId, sub.id)).toBeNull();
      await outbound.finishDeletions();
      expect(await subject.keysWith(sub.id)).toEqual([]);
      for (const d of ds) expect(await outbound.getDelivery(botId, d.id)).toBeNull();
      expect(await outbound.claimDeliveries(botId, now, 100, 30_000)).toEqual([]);
      await outbound.finishDeletions();
    });

    it('stores no delivery for a subscription deleted while its events were being dispatched', async () => {
      const now = Date.now();
      const sub = aSubscription(botId, { ordering: 'per-contact' });
      await outbound.putSubscription(sub);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      const late = { ...aDelivery(botId, sub.id), lane: `${sub.id}:contact-a` };
      await outbound.deleteSubscription(botId, sub.id);
      expect((await outbound.commitDispatch(botId, cursor, cursor, [late], now)).committed).toBe(true);
      expect(await outbound.getDelivery(botId, late.id)).toBeNull();
      expect(await outbound.claimDeliveries(botId, now, 10, 30_000)).toEqual([]);
      expect(await subject.keysWith(sub.id)).toEqual([]);
    });

    it('sends deliveries beyond the paused limit to the dead letter: stored, counted, never dropped', async () => {
      const now = Date.now();
      const limit = CONTRACT_PAUSED_LIMIT;
      const sub = aSubscription(botId, { enabled: false, disabledReason: 'manual' });
      const other = aSubscription(botId, { enabled: false, disabledReason: 'manual' });
      await outbound.putSubscription(sub);
      await outbound.putSubscription(other);
      const paused = (subscriptionId: string) => ({ ...aDelivery(botId, subscriptionId), status: 'paused' as const, nextAttemptAt: null });
      const dispatch = async (ds: Delivery[]) => {
        const { cursor } = await outbound.readUndispatched(botId, 1);
        const commit = await outbound.commitDispatch(botId, cursor, cursor, ds, now);
        expect(commit.committed).toBe(true);
        return commit.deadLettered;
      };

      const first = Array.from({ length: limit - 1 }, () => paused(sub.id));
      expect(await dispatch(first)).toEqual([]);
      const over = Array.from({ length: 4 }, () => paused(sub.id));
      // One more fits; three go to the dead letter, the first of this pause (the one to log).
      expect(await dispatch([...over, paused(other.id)])).toEqual([{ subscriptionId: sub.id, count: 3, first: true }]);
      const late = paused(sub.id);
      expect(await dispatch([late])).toEqual([{ subscriptionId: sub.id, count: 1, first: false }]);
      expect(await outbound.deadLetterCounts(botId)).toEqual(new Map([[sub.id, 4]]));

      const dead = await outbound.listDeliveries(botId, sub.id, { limit: 100, status: 'dead-lettered' });
      expect(dead.items.map((d) => d.id).sort()).toEqual([...over.slice(1), late].map((d) => d.id).sort());
      for (const d of dead.items) expect(d).toMatchObject({ status: 'dead-lettered', nextAttemptAt: null, attempts: [] });
      expect((await outbound.listDeliveries(botId, sub.id, { limit: 100, status: 'paused' })).items).toHaveLength(limit);
      // Resuming sends the paused ones only; the dead letter stays as it is, counted.
      await outbound.putSubscription({ ...sub, enabled: true, disabledReason: null });
      expect(await outbound.releasePaused(botId, sub.id, 'resume', now, 100)).toBe(limit);
      expect(await outbound.releasePaused(botId, sub.id, 'resume', now, 100)).toBe(0);
      const queued = await outbound.claimDeliveries(botId, now, 100, 30_000);
      expect(queued.map((l) => l.delivery.id).sort()).toEqual([...first, over[0]!].map((d) => d.id).sort());
      expect(await outbound.deadLetterCounts(botId)).toEqual(new Map([[sub.id, 4]]));

      // Paused again and full again: a new pause, a new first notice.
      await outbound.putSubscription({ ...sub, enabled: false, disabledReason: 'manual' });
      expect(await dispatch(Array.from({ length: limit + 1 }, () => paused(sub.id)))).toEqual([
        { subscriptionId: sub.id, count: 1, first: true },
      ]);
      expect(await outbound.deadLetterCounts(botId)).toEqual(new Map([[sub.id, 5]]));
    });

    it('parks a delivery of a disabled subscription as paused, or in the dead letter once at the limit', async () => {
      const now = Date.now();
      const sub = aSubscription(botId, { ordering: 'per-contact' });
      await outbound.putSubscription(sub);
      const lane = `${sub.id}:contact-a`;
      const loose = Array.from({ length: CONTRACT_PAUSED_LIMIT + 1 }, () => aDelivery(botId, sub.id));
      const laned = [0, 1].map(() => ({ ...aDelivery(botId, sub.id), lane }));
      const { cursor } = await outbound.readUndispatched(botId, 1);
      expect((await outbound.commitDispatch(botId, cursor, cursor, [...loose, ...laned], now)).committed).toBe(true);
      // Disabled (the circuit breaker, say) after they were queued: each attempt parks its delivery.
      const leases = await outbound.claimDeliveries(botId, now, 100, 30_000);
      expect(leases).toHaveLength(loose.length + 1);
      await outbound.putSubscription({ ...sub, enabled: false, disabledReason: 'failing' });
      const byId = new Map(leases.map((l) => [l.delivery.id, l]));
      const outcomes = [];
      for (const d of loose) outcomes.push(await outbound.parkDelivery(byId.get(d.id)!, now));
      expect(outcomes.slice(0, CONTRACT_PAUSED_LIMIT)).toEqual(Array(CONTRACT_PAUSED_LIMIT).fill({ parked: 'paused' }));
      expect(outcomes.at(-1)).toEqual({ parked: 'dead-lettered', first: true });
      // A lane's head in the dead letter makes way for the next, which is parked in its turn.
      expect(await outbound.parkDelivery(byId.get(laned[0]!.id)!, now)).toEqual({ parked: 'dead-lettered', first: false });
      const [next] = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(next!.delivery.id).toBe(laned[1]!.id);
      expect(await outbound.parkDelivery(next!, now)).toEqual({ parked: 'dead-lettered', first: false });
      expect(await outbound.parkDelivery(next!, now)).toBeNull();
      expect(await outbound.deadLetterCounts(botId)).toEqual(new Map([[sub.id, 3]]));
      expect((await outbound.getDelivery(botId, laned[1]!.id))?.status).toBe('dead-lettered');
      expect((await outbound.getDelivery(botId, loose[0]!.id))?.status).toBe('paused');

      // Enabled again before its attempt parked it: queued at once instead.
      await outbound.releasePaused(botId, sub.id, 'resume', now, 100);
      const again = (await outbound.claimDeliveries(botId, now, 100, 30_000))[0]!;
      await outbound.putSubscription({ ...sub, enabled: true, disabledReason: null });
      expect(await outbound.parkDelivery(again, now)).toEqual({ parked: 'queued' });
      expect((await outbound.claimDeliveries(botId, now, 100, 30_000)).map((l) => l.delivery.id)).toContain(again.delivery.id);
    });

    it('forgets a deleted subscription’s dead-letter count', async () => {
      const now = Date.now();
      const sub = aSubscription(botId, { enabled: false, disabledReason: 'manual' });
      await outbound.putSubscription(sub);
      const ds = Array.from({ length: CONTRACT_PAUSED_LIMIT + 2 }, () => ({
        ...aDelivery(botId, sub.id),
        status: 'paused' as const,
        nextAttemptAt: null,
      }));
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, ds, now);
      expect(await outbound.deadLetterCounts(botId)).toEqual(new Map([[sub.id, 2]]));
      await outbound.deleteSubscription(botId, sub.id);
      expect(await outbound.deadLetterCounts(botId)).toEqual(new Map());
      expect(await subject.keysWith(sub.id)).toEqual([]);
    });

    it('schedules a bot for appended events at the time of the clock it was given', async () => {
      subject.clock.offsetMs = -3_600_000;
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created')]);
      expect((await outbound.claimBots(subject.clock.now(), 100, 30_000)).map((b) => b.botId)).toContain(botId);
    });

    it('takes a deleted bot off the event scheduler', async () => {
      const now = Date.now();
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created')]);
      expect((await outbound.depth(now + 5000)).scheduledBots).toBe(1);
      await subject.store.deleteBot(botId);
      expect(await outbound.depth(now + 5000)).toEqual({ scheduledBots: 0, dueBots: 0 });
      expect((await outbound.claimBots(now + 5000, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);
    });

    it('reads undispatched events in order and moves the cursor only once per read', async () => {
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created'), anEvent(botId, 'tag.applied')]);
      const first = await outbound.readUndispatched(botId, 10);
      expect(first.events.map((e) => e.event.type)).toEqual(['lead.created', 'tag.applied']);
      const delivery = aDelivery(botId, sub.id);
      const last = first.events.at(-1)!.position;
      expect((await outbound.commitDispatch(botId, first.cursor, last, [delivery], Date.now())).committed).toBe(true);
      // A second dispatcher that read at the same cursor loses.
      expect((await outbound.commitDispatch(botId, first.cursor, last, [aDelivery(botId, sub.id)], Date.now())).committed).toBe(false);
      expect((await outbound.readUndispatched(botId, 10)).events).toEqual([]);
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.updated')]);
      expect((await outbound.readUndispatched(botId, 10)).events.map((e) => e.event.type)).toEqual(['lead.updated']);
      expect((await outbound.listDeliveries(botId, sub.id, { limit: 10 })).items.map((d) => d.id)).toEqual([delivery.id]);
    });

    it('starts a bot’s first subscription after the newest event; a later one gets what is still undispatched', async () => {
      // Appended while nothing subscribed: for nobody, even if the dispatcher has not passed them yet.
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created'), anEvent(botId, 'tag.applied')]);
      const first = aSubscription(botId);
      await outbound.putSubscription(first);
      expect((await outbound.readUndispatched(botId, 10)).events).toEqual([]);
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.updated')]);
      // A second subscription does not move the cursor: the first one's events stay undispatched.
      await outbound.putSubscription(aSubscription(botId));
      expect((await outbound.readUndispatched(botId, 10)).events.map((e) => e.event.type)).toEqual(['lead.updated']);
    });

    it('skips every undispatched event at once', async () => {
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created'), anEvent(botId, 'tag.applied')]);
      await outbound.skipUndispatched(botId);
      expect((await outbound.readUndispatched(botId, 10)).events).toEqual([]);
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.updated')]);
      expect((await outbound.readUndispatched(botId, 10)).events.map((e) => e.event.type)).toEqual(['lead.updated']);
    });

    it('skips nothing once the bot has a subscription: one created after the dispatcher looked gets its events', async () => {
      // The dispatcher found no subscription; one is created and an event published before it skips.
      const sub = aSubscription(botId, { events: ['*'] });
      await outbound.putSubscription(sub);
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created')]);
      expect(await outbound.skipUndispatched(botId)).toBe(false);
      expect((await outbound.readUndispatched(botId, 10)).events.map((e) => e.event.type)).toEqual(['lead.created']);
      await outbound.deleteSubscription(botId, sub.id);
      expect(await outbound.skipUndispatched(botId)).toBe(true);
      expect((await outbound.readUndispatched(botId, 10)).events).toEqual([]);
    });

    it('leases due deliveries, reschedules retries and finishes them', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const d = aDelivery(botId, sub.id);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, [d], now);
      const [lease] = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(lease?.delivery.id).toBe(d.id);
      expect(await outbound.claimDeliveries(botId, now, 10, 30_000)).toEqual([]);
      expect(await outbound.settleDelivery(lease!, settled(d, 'pending', now + 1000), now)).toBe(1);
      expect(await outbound.claimDeliveries(botId, now + 999, 10, 30_000)).toEqual([]);
      const [again] = await outbound.claimDeliveries(botId, now + 1000, 10, 30_000);
      expect(again?.delivery.status).toBe('pending');
      expect(await outbound.settleDelivery(again!, settled(d, 'failed', null), now + 1000)).toBe(2);
      expect(await outbound.claimDeliveries(botId, now + 999_999, 10, 30_000)).toEqual([]);
      expect((await outbound.getDelivery(botId, d.id))?.status).toBe('failed');
    });

    it('refuses a settlement whose lease expired and was taken over', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const d = aDelivery(botId, sub.id);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, [d], now);
      const [stale] = await outbound.claimDeliveries(botId, now, 10, 1000);
      const [fresh] = await outbound.claimDeliveries(botId, now + 1001, 10, 1000);
      expect(fresh?.delivery.id).toBe(d.id);
      expect(await outbound.settleDelivery(stale!, settled(d, 'succeeded', null, 'success'), now + 1002)).toBeNull();
      expect(await outbound.settleDelivery(fresh!, settled(d, 'succeeded', null, 'success'), now + 1002)).toBe(0);
    });

    it('counts consecutive failures per subscription and resets them on success', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const ds = [aDelivery(botId, sub.id), aDelivery(botId, sub.id), aDelivery(botId, sub.id)];
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, ds, now);
      const leases = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(await outbound.failingSince(botId, sub.id)).toBeNull();
      expect(await outbound.settleDelivery(leases[0]!, settled(leases[0]!.delivery, 'failed', null), now)).toBe(1);
      // The run of failures dates from its first failure.
      expect(await outbound.settleDelivery(leases[1]!, settled(leases[1]!.delivery, 'failed', null), now + 5000)).toBe(2);
      expect(await outbound.failingSince(botId, sub.id)).toBe(now);
      expect(await outbound.settleDelivery(leases[2]!, settled(leases[2]!.delivery, 'succeeded', null, 'success'), now)).toBe(0);
      expect(await outbound.failingSince(botId, sub.id)).toBeNull();
    });

    it('lets one circuit breaker probe out at a time, held by a failed probe until the next is due', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      expect(await outbound.acquireProbe(botId, sub.id, now, now + 30_000)).toBe(true);
      expect(await outbound.acquireProbe(botId, sub.id, now + 1000, now + 31_000)).toBe(false);
      const d = aDelivery(botId, sub.id);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, [d], now);
      const [lease] = await outbound.claimDeliveries(botId, now, 10, 30_000);
      const failedProbe = { ...settled(d, 'paused', now + 60_000), probeUntil: now + 60_000 };
      expect(await outbound.settleDelivery(lease!, failedProbe, now)).toBe(1);
      expect(await outbound.acquireProbe(botId, sub.id, now + 59_000, now + 90_000)).toBe(false);
      expect(await outbound.acquireProbe(botId, sub.id, now + 60_000, now + 90_000)).toBe(true);
      // Re-enabling by hand forgets the probe with the failures.
      await outbound.resetFailures(botId, sub.id);
      expect(await outbound.acquireProbe(botId, sub.id, now + 60_001, now + 90_000)).toBe(true);
    });

    it('forgets a subscription’s failures when told to (re-enabling starts a fresh count)', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const other = aSubscription(botId);
      await outbound.putSubscription(other);
      const ds = [aDelivery(botId, sub.id), aDelivery(botId, sub.id), aDelivery(botId, other.id), aDelivery(botId, sub.id)];
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, ds, now);
      const leases = await outbound.claimDeliveries(botId, now, 10, 30_000);
      const lease = (d: Delivery) => leases.find((l) => l.delivery.id === d.id)!;
      expect(await outbound.settleDelivery(lease(ds[0]!), settled(ds[0]!, 'failed', null), now)).toBe(1);
      expect(await outbound.settleDelivery(lease(ds[1]!), settled(ds[1]!, 'failed', null), now)).toBe(2);
      expect(await outbound.settleDelivery(lease(ds[2]!), settled(ds[2]!, 'failed', null), now)).toBe(1);
      await outbound.resetFailures(botId, sub.id);
      expect(await outbound.settleDelivery(lease(ds[3]!), settled(ds[3]!, 'failed', null), now)).toBe(1);
      // Only that subscription's count is forgotten.
      const again = aDelivery(botId, other.id);
      await outbound.commitDispatch(botId, cursor, cursor, [again], now);
      const [l] = await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(l?.delivery.id).toBe(again.id);
      expect(await outbound.settleDelivery(l!, settled(again, 'failed', null), now)).toBe(2);
    });

    it('records a manual attempt unless a worker holds the delivery', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const test = aDelivery(botId, sub.id);
      expect(await outbound.recordManualAttempt(settled(test, 'succeeded', null, 'none'), now)).toMatchObject({
        id: test.id,
        status: 'succeeded',
      });
      expect((await outbound.listDeliveries(botId, sub.id, { limit: 10 })).items.map((d) => d.id)).toEqual([test.id]);
      const d = aDelivery(botId, sub.id);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, [d], now);
      await outbound.claimDeliveries(botId, now, 10, 30_000);
      expect(await outbound.recordManualAttempt(settled(d, 'succeeded', null, 'none'), now)).toBeNull();
    });

    it('leases one delivery for a manual attempt, exclusive of the workers', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const d = aDelivery(botId, sub.id);
      const { cursor } = await outbound.readUndispatched(botId, 1);
      await outbound.commitDispatch(botId, cursor, cursor, [d], now);
      const manual = await outbound.claimDelivery(botId, d.id, now, 30_000);
      expect(manual?.delivery.id).toBe(d.id);
      expect(await outbound.claimDelivery(botId, d.id, now, 30_000)).toBeNull();
      expect(await outbound.claimDeliveries(botId, now + 1000, 10, 30_000)).toEqual([]);
      // A failed manual attempt keeps the delivery's schedule; the workers see it again then.
      expect(await outbound.settleDelivery(manual!, settled(d, 'pending', now + 5000, 'none'), now)).toBe(0);
      const [worker] = await outbound.claimDeliveries(botId, now + 5000, 10, 30_000);
      expect(worker?.delivery.id).toBe(d.id);
      expect(await outbound.claimDelivery(botId, d.id, now, 30_000)).toBeNull();
      expect(await outbound.claimDelivery(botId, 'dlv_missing00000000000', now, 30_000)).toBeNull();
    });

    it('lists a subscription’s deliveries newest first, filtered by status and paged', async () => {
      const now = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      const ds = [0, 1, 2, 3, 4].map((i) => aDelivery(botId, sub.id, new Date(now + i * 1000).toISOString()));
      for (const d of ds) await outbound.recordManualAttempt(settled(d, ds.indexOf(d) % 2 ? 'failed' : 'succeeded', null, 'none'), now);
      const first = await outbound.listDeliveries(botId, sub.id, { limit: 2 });
      expect(first.items.map((d) => d.id)).toEqual([ds[4]!.id, ds[3]!.id]);
      const second = await outbound.listDeliveries(botId, sub.id, { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((d) => d.id)).toEqual([ds[2]!.id, ds[1]!.id]);
      const failed = await outbound.listDeliveries(botId, sub.id, { limit: 10, status: 'failed' });
      expect(failed.items.map((d) => d.id)).toEqual([ds[3]!.id, ds[1]!.id]);
      expect(failed.nextCursor).toBeNull();
      expect((await outbound.listDeliveries(botId, 'sub_other', { limit: 10 })).items).toEqual([]);
    });

    it('schedules a bot when events are appended, and releases it when nothing is left', async () => {
      const now = Date.now();
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created')]);
      const [claim] = (await outbound.claimBots(now + 5000, 100, 30_000)).filter((b) => b.botId === botId);
      expect(claim).toBeDefined();
      // Undispatched events keep it due.
      await outbound.releaseBot(botId, claim!.lease, now + 5000);
      const [again] = (await outbound.claimBots(now + 5000, 100, 30_000)).filter((b) => b.botId === botId);
      expect(again).toBeDefined();
      const read = await outbound.readUndispatched(botId, 10);
      await outbound.commitDispatch(botId, read.cursor, read.events.at(-1)!.position, [], now);
      await outbound.releaseBot(botId, again!.lease, now + 5000);
      expect((await outbound.claimBots(now + 999_999, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);
    });

    it('brings a retry forward when another pass over the same bot released it to a later time', async () => {
      const base = Date.now();
      const sub = aSubscription(botId);
      await outbound.putSubscription(sub);
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.created')]);
      const [first] = (await outbound.claimBots(base + 1000, 100, 30_000)).filter((b) => b.botId === botId);
      const read = await outbound.readUndispatched(botId, 10);
      const d = aDelivery(botId, sub.id);
      await outbound.commitDispatch(botId, read.cursor, read.events.at(-1)!.position, [d], base + 1000);
      const [lease] = await outbound.claimDeliveries(botId, base + 1000, 10, 30_000);
      // New events mid-pass: a second pass claims the bot, dispatches them and hands the bot back
      // for the end of the first pass's delivery lease.
      await subject.store.appendEvents(botId, [anEvent(botId, 'lead.updated')]);
      const [second] = (await outbound.claimBots(base + 2000, 100, 30_000)).filter((b) => b.botId === botId);
      expect(second).toBeDefined();
      const more = await outbound.readUndispatched(botId, 10);
      await outbound.commitDispatch(botId, more.cursor, more.events.at(-1)!.position, [], base + 2000);
      await outbound.releaseBot(botId, second!.lease, base + 2000);
      expect((await outbound.claimBots(base + 2999, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);

      await outbound.settleDelivery(lease!, settled(d, 'pending', base + 3000), base + 2500);
      await outbound.releaseBot(botId, first!.lease, base + 2500);
      expect((await outbound.claimBots(base + 2999, 100, 30_000)).map((b) => b.botId)).not.toContain(botId);
      expect((await outbound.claimBots(base + 3000, 100, 30_000)).map((b) => b.botId)).toContain(botId);
    });
  });
}
