import type { BotEvent } from '../../domain/types.ts';
import { newToken } from '../../lib/ids.ts';
import type { BotDue, Schedulers } from '../../scheduling/bot-scheduler.ts';
import { ScheduledBots } from '../../scheduling/scheduled-bots.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { DELIVERY_CHANGE_KEEP, type DeliveryChange } from '../delivery-changes.ts';
import { parkedDelivery, releasedDelivery } from '../paused.ts';
import type { Page, PageRequest } from '../store.ts';
import {
  DEFAULT_PAUSED_DELIVERIES_LIMIT,
  type DeadLetterNotice,
  type Delivery,
  type DeliveryLease,
  type DeliverySettlement,
  type DeliveryStatus,
  type DispatchCommit,
  type ParkOutcome,
  type Subscription,
  type SubscriptionStore,
} from '../subscriptions.ts';
import { hasSubscriptions, Log, type MemoryState, type OutboundData } from './memory-state.ts';

const LOG_CAP = 10_000;
const LOG_MEMBER = /^\d{1,16}\|dlv_[0-9A-Za-z]{20}$/;

/** Subscriptions and deliveries in process memory, with the same semantics as on Redis. */
export class MemorySubscriptionStore extends ScheduledBots implements SubscriptionStore {
  private readonly state: MemoryState;
  private readonly data: Map<string, OutboundData>;
  /** Per `<botId>:<subscriptionId>`: its change stream of delivery ids (src/store/delivery-changes.ts). */
  private readonly changes = new Map<string, Log<string>>();
  private readonly schedulers: Schedulers;
  private readonly pausedLimit: number;

  constructor(state: MemoryState, schedulers: Schedulers, options: { pausedDeliveriesLimit?: number } = {}) {
    super(schedulers.events);
    this.state = state;
    this.data = state.outbound;
    this.schedulers = schedulers;
    this.pausedLimit = options.pausedDeliveriesLimit ?? DEFAULT_PAUSED_DELIVERIES_LIMIT;
  }

  private bot(botId: string): OutboundData {
    let d = this.data.get(botId);
    if (!d) {
      d = {
        subscriptions: new Map(),
        cursor: '0-0',
        deliveries: new Map(),
        due: new Map(),
        leases: new Map(),
        logs: new Map(),
        paused: new Map(),
        lanes: new Map(),
        health: new Map(),
        deadLetters: new Map(),
      };
      this.data.set(botId, d);
    }
    return d;
  }

  async putSubscription(s: Subscription): Promise<void> {
    const data = this.bot(s.botId);
    const first = data.subscriptions.size === 0;
    if (first) {
      // A bot's first subscription starts after the newest event: the ones before it were for nobody.
      const log = this.state.bots.get(s.botId)?.events;
      if (log && log.lastId !== '0-0') data.cursor = log.lastId;
    }
    data.subscriptions.set(s.id, structuredClone(s));
    if (first) this.moveConfigVersion(s.botId);
  }

  /** As on Redis: a bot's first subscription and the removal of its last move its config version (HookConfig.subscribed). */
  private moveConfigVersion(botId: string): void {
    const bot = this.state.bots.get(botId);
    if (bot) bot.configVersion += 1;
  }

  async updateSubscription(s: Subscription, expectedUpdatedAt: string): Promise<boolean> {
    const subscriptions = this.data.get(s.botId)?.subscriptions;
    if (subscriptions?.get(s.id)?.updatedAt !== expectedUpdatedAt) return false;
    subscriptions.set(s.id, structuredClone(s));
    return true;
  }

  async getSubscription(botId: string, id: string): Promise<Subscription | null> {
    const s = this.data.get(botId)?.subscriptions.get(id);
    return s ? structuredClone(s) : null;
  }

  async listSubscriptions(botId: string): Promise<Subscription[]> {
    const all = [...(this.data.get(botId)?.subscriptions.values() ?? [])];
    return structuredClone(all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1)));
  }

  async deliveryChanges(botId: string, subscriptionId: string, after: string, limit: number): Promise<DeliveryChange[]> {
    const log = this.changes.get(`${botId}:${subscriptionId}`);
    return (log?.after(after, limit) ?? []).map(({ id, value }) => ({ id, deliveryId: value }));
  }

  async lastDeliveryChange(botId: string, subscriptionId: string): Promise<string> {
    return this.changes.get(`${botId}:${subscriptionId}`)?.lastId ?? '0-0';
  }

  private noteChanges(botId: string, deliveries: readonly { id: string; subscriptionId: string }[]): void {
    for (const d of deliveries) {
      const key = `${botId}:${d.subscriptionId}`;
      let log = this.changes.get(key);
      if (!log) {
        log = new Log(DELIVERY_CHANGE_KEEP);
        this.changes.set(key, log);
      }
      log.append(d.id);
    }
  }

  /** Everything at once (`purge` is moot in memory: nothing can cut it short). */
  async deleteSubscription(botId: string, id: string, _options: { purge?: boolean } = {}): Promise<void> {
    this.changes.delete(`${botId}:${id}`);
    const d = this.data.get(botId);
    if (!d) return;
    if (d.subscriptions.delete(id) && d.subscriptions.size === 0) this.moveConfigVersion(botId);
    d.health.delete(id);
    d.paused.delete(id);
    d.deadLetters.delete(id);
    // Its deliveries (every unfinished one is in its log), their lanes, queue entries and leases.
    for (const { id: deliveryId } of d.logs.get(id) ?? []) {
      const lane = d.deliveries.get(deliveryId)?.lane;
      if (lane) d.lanes.delete(lane);
      d.deliveries.delete(deliveryId);
      d.due.delete(deliveryId);
      d.leases.delete(deliveryId);
    }
    d.logs.delete(id);
  }

  async finishDeletions(): Promise<void> {}

  async readUndispatched(botId: string, limit: number): Promise<{ cursor: string; events: { position: string; event: BotEvent }[] }> {
    const cursor = this.bot(botId).cursor;
    const log = this.state.bots.get(botId)?.events;
    const entries = log ? log.after(cursor, limit) : [];
    return { cursor, events: entries.map((e) => ({ position: e.id, event: e.value })) };
  }

  async skipUndispatched(botId: string): Promise<boolean> {
    if (hasSubscriptions(this.state, botId)) return false;
    const log = this.state.bots.get(botId)?.events;
    if (!log || log.lastId === '0-0') return true;
    this.bot(botId).cursor = log.lastId;
    log.trimBehind(log.lastId);
    return true;
  }

  async commitDispatch(
    botId: string,
    expectedCursor: string,
    newCursor: string,
    deliveries: Delivery[],
    now: number,
  ): Promise<DispatchCommit> {
    const d = this.bot(botId);
    const refused = { committed: false, deadLettered: [] };
    if (d.cursor !== expectedCursor) return refused;
    const changed = deliveries.some((x) => {
      const s = d.subscriptions.get(x.subscriptionId);
      return s?.enabled === true && x.status === 'paused';
    });
    if (changed) return refused;
    const dead = new Map<string, number>();
    for (const delivery of deliveries) {
      // A subscription deleted meanwhile gets nothing: its deletion removed the rest.
      if (!d.subscriptions.has(delivery.subscriptionId)) continue;
      if (delivery.status === 'paused' && this.pausedOf(d, delivery.subscriptionId).size >= this.pausedLimit) {
        // Its subscription holds the most paused deliveries allowed: the dead letter keeps it.
        d.deliveries.set(delivery.id, parkedDelivery(structuredClone(delivery), 'dead-lettered', now));
        dead.set(delivery.subscriptionId, (dead.get(delivery.subscriptionId) ?? 0) + 1);
      } else {
        d.deliveries.set(delivery.id, structuredClone(delivery));
        // In a lane only the oldest unfinished delivery is queued; settling it queues the next.
        let head = true;
        if (delivery.lane) {
          const lane = d.lanes.get(delivery.lane) ?? [];
          lane.push(delivery.id);
          d.lanes.set(delivery.lane, lane);
          head = lane.length === 1;
        }
        if (delivery.status === 'paused') this.pausedOf(d, delivery.subscriptionId).add(delivery.id);
        else if (head) d.due.set(delivery.id, now);
      }
      const log = d.logs.get(delivery.subscriptionId) ?? [];
      log.push({ createdMs: Date.parse(delivery.createdAt), id: delivery.id });
      d.logs.set(delivery.subscriptionId, log);
      const paused = this.pausedOf(d, delivery.subscriptionId);
      while (log.length > LOG_CAP) {
        const index = log.findIndex((e) => !d.due.has(e.id) && !paused.has(e.id) && isFinished(d.deliveries.get(e.id)));
        if (index === -1) break;
        d.deliveries.delete(log[index]!.id);
        log.splice(index, 1);
      }
    }
    d.cursor = newCursor;
    this.state.bots.get(botId)?.events.trimBehind(newCursor);
    this.noteChanges(
      botId,
      deliveries.filter((delivery) => d.subscriptions.has(delivery.subscriptionId)),
    );
    const deadLettered: DeadLetterNotice[] = [];
    for (const [subscriptionId, count] of dead)
      deadLettered.push({ subscriptionId, count, first: this.countDeadLetters(d, subscriptionId, count) });
    return { committed: true, deadLettered };
  }

  /** Adds to a subscription's dead-letter count; true for the first since its paused deliveries were released. */
  private countDeadLetters(d: OutboundData, subscriptionId: string, count: number): boolean {
    const entry = d.deadLetters.get(subscriptionId) ?? { count: 0, noticed: false };
    const first = !entry.noticed;
    d.deadLetters.set(subscriptionId, { count: entry.count + count, noticed: true });
    return first;
  }

  async parkDelivery(lease: DeliveryLease, now: number): Promise<ParkOutcome | null> {
    const d = this.data.get(lease.botId);
    const { id, subscriptionId, lane } = lease.delivery;
    if (!d || d.leases.get(id) !== lease.leaseId) return null;
    d.leases.delete(id);
    this.noteChanges(lease.botId, [lease.delivery]);
    if (d.subscriptions.get(subscriptionId)?.enabled) {
      d.deliveries.set(id, parkedDelivery(structuredClone(lease.delivery), 'paused', now));
      d.due.set(id, now);
      await this.schedulers.signal(lease.botId, now, { events: true });
      return { parked: 'queued' };
    }
    d.due.delete(id);
    const paused = this.pausedOf(d, subscriptionId);
    if (paused.size < this.pausedLimit) {
      d.deliveries.set(id, parkedDelivery(structuredClone(lease.delivery), 'paused', now));
      paused.add(id);
      return { parked: 'paused' };
    }
    d.deliveries.set(id, parkedDelivery(structuredClone(lease.delivery), 'dead-lettered', now));
    if (lane && d.lanes.get(lane)?.[0] === id) {
      this.advanceLane(d, lane, now);
      await this.schedulers.signal(lease.botId, now, { events: true });
    }
    return { parked: 'dead-lettered', first: this.countDeadLetters(d, subscriptionId, 1) };
  }

  async deadLetterCounts(botId: string): Promise<Map<string, number>> {
    return new Map([...(this.data.get(botId)?.deadLetters ?? [])].map(([id, { count }]) => [id, count]));
  }

  async claimDeliveries(botId: string, now: number, limit: number, leaseMs: number): Promise<DeliveryLease[]> {
    const d = this.data.get(botId);
    if (!d) return [];
    const due = [...d.due.entries()]
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit);
    const prefix = newToken();
    const out: DeliveryLease[] = [];
    due.forEach(([id], n) => {
      const delivery = d.deliveries.get(id);
      if (!delivery) {
        d.due.delete(id);
        return;
      }
      const leaseId = `${prefix}.${n + 1}`;
      d.due.set(id, now + leaseMs);
      d.leases.set(id, leaseId);
      out.push({ botId, leaseId, delivery: structuredClone(delivery) });
    });
    return out;
  }

  async resetFailures(botId: string, subscriptionId: string): Promise<void> {
    this.data.get(botId)?.health.delete(subscriptionId);
  }

  async failingSince(botId: string, subscriptionId: string): Promise<number | null> {
    return this.data.get(botId)?.health.get(subscriptionId)?.since ?? null;
  }

  async acquireProbe(botId: string, subscriptionId: string, now: number, until: number): Promise<boolean> {
    const d = this.bot(botId);
    const health = d.health.get(subscriptionId) ?? { failures: 0, since: null, probeUntil: 0 };
    if (health.probeUntil > now) return false;
    d.health.set(subscriptionId, { ...health, probeUntil: until });
    return true;
  }

  async claimDelivery(botId: string, deliveryId: string, now: number, leaseMs: number): Promise<DeliveryLease | null> {
    const d = this.data.get(botId);
    const delivery = d?.deliveries.get(deliveryId);
    if (!d || !delivery || d.leases.has(deliveryId)) return null;
    const leaseId = `${newToken()}.manual`;
    d.leases.set(deliveryId, leaseId);
    if (d.due.has(deliveryId)) d.due.set(deliveryId, now + leaseMs);
    return { botId, leaseId, delivery: structuredClone(delivery) };
  }

  async settleDelivery(lease: DeliveryLease, s: DeliverySettlement, now: number): Promise<number | null> {
    const d = this.data.get(lease.botId);
    const id = s.delivery.id;
    if (!d || d.leases.get(id) !== lease.leaseId) return null;
    d.leases.delete(id);
    d.deliveries.set(id, structuredClone(s.delivery));
    if (s.retryAt === null) d.due.delete(id);
    else d.due.set(id, s.retryAt);
    if (s.delivery.status === 'paused') {
      // Enabled again since the worker read it (its paused deliveries resumed already): queue it now.
      if (d.subscriptions.get(s.delivery.subscriptionId)?.enabled) d.due.set(id, now);
      else this.pausedOf(d, s.delivery.subscriptionId).add(id);
    } else if (s.retryAt === null && s.delivery.lane && d.lanes.get(s.delivery.lane)?.[0] === id) this.advanceLane(d, s.delivery.lane, now);
    const sub = s.delivery.subscriptionId;
    const health = d.health.get(sub) ?? { failures: 0, since: null, probeUntil: 0 };
    if (s.health === 'success') d.health.delete(sub);
    else if (s.health === 'failure') d.health.set(sub, { ...health, failures: health.failures + 1, since: health.since ?? now });
    if (s.probeUntil !== undefined) d.health.set(sub, { ...(d.health.get(sub) ?? health), probeUntil: s.probeUntil });
    const failures = d.health.get(sub)?.failures ?? 0;
    this.noteChanges(lease.botId, [s.delivery]);
    await this.appendEvents(lease.botId, s.events, now);
    return failures;
  }

  async recordManualAttempt(s: DeliverySettlement, now: number): Promise<Delivery | null> {
    const d = this.bot(s.delivery.botId);
    const id = s.delivery.id;
    if (d.leases.has(id)) return null;
    if (!d.deliveries.has(id)) {
      const log = d.logs.get(s.delivery.subscriptionId) ?? [];
      log.push({ createdMs: Date.parse(s.delivery.createdAt), id });
      d.logs.set(s.delivery.subscriptionId, log);
    }
    d.deliveries.set(id, structuredClone(s.delivery));
    if (s.retryAt === null) d.due.delete(id);
    else d.due.set(id, s.retryAt);
    this.noteChanges(s.delivery.botId, [s.delivery]);
    await this.appendEvents(s.delivery.botId, s.events, now);
    return structuredClone(s.delivery);
  }

  private async appendEvents(botId: string, events: BotEvent[], now: number): Promise<void> {
    const log = this.state.bots.get(botId)?.events;
    if (!log || events.length === 0) return;
    for (const e of events) log.append(structuredClone(e));
    await this.schedulers.signal(botId, now, { events: true });
  }

  async releasePaused(botId: string, subscriptionId: string, action: 'resume' | 'discard', now: number, limit: number): Promise<number> {
    const d = this.data.get(botId);
    const paused = d?.paused.get(subscriptionId);
    if (!d) return 0;
    if (!paused || paused.size === 0) {
      // None left: the next dead letter (a new pause filling up) is logged again.
      const dead = d.deadLetters.get(subscriptionId);
      if (dead) dead.noticed = false;
      return 0;
    }
    let released = 0;
    for (const id of paused) {
      if (released === limit) break;
      paused.delete(id);
      const delivery = d.deliveries.get(id);
      if (delivery?.status !== 'paused') continue;
      d.deliveries.set(id, releasedDelivery(delivery, action, now));
      this.noteChanges(botId, [delivery]);
      const head = !delivery.lane || d.lanes.get(delivery.lane)?.[0] === id;
      if (action === 'resume' && head) d.due.set(id, now);
      if (action === 'discard' && delivery.lane && head) this.advanceLane(d, delivery.lane, now);
      released += 1;
    }
    if (released > 0 && action === 'resume') await this.schedulers.signal(botId, now, { events: true });
    return released;
  }

  /** The lane's head is finished: the next one is queued. */
  private advanceLane(d: OutboundData, laneId: string, now: number): void {
    const lane = d.lanes.get(laneId) ?? [];
    lane.shift();
    if (lane.length === 0) d.lanes.delete(laneId);
    else d.due.set(lane[0]!, now);
  }

  private pausedOf(d: OutboundData, subscriptionId: string): Set<string> {
    let paused = d.paused.get(subscriptionId);
    if (!paused) {
      paused = new Set();
      d.paused.set(subscriptionId, paused);
    }
    return paused;
  }

  async getDelivery(botId: string, id: string): Promise<Delivery | null> {
    const delivery = this.data.get(botId)?.deliveries.get(id);
    return delivery ? structuredClone(delivery) : null;
  }

  async listDeliveries(
    botId: string,
    subscriptionId: string,
    page: PageRequest & { status?: DeliveryStatus | undefined },
  ): Promise<Page<Delivery>> {
    const d = this.data.get(botId);
    let before: { score: number; id: string } | null = null;
    if (page.cursor) {
      const [score, id] = decodeCursor(page.cursor, LOG_MEMBER).split('|');
      before = { score: Number(score), id: id! };
    }
    const seen = before;
    const newestFirst = [...(d?.logs.get(subscriptionId) ?? [])]
      .sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? 1 : -1))
      .filter((e) => !seen || e.createdMs < seen.score || (e.createdMs === seen.score && e.id < seen.id))
      .map((e) => ({ entry: e, delivery: d!.deliveries.get(e.id) }))
      .filter((x) => x.delivery && (!page.status || x.delivery.status === page.status));
    const items = newestFirst.slice(0, page.limit);
    const last = items.at(-1)?.entry;
    return {
      items: structuredClone(items.map((x) => x.delivery!)),
      nextCursor: newestFirst.length > page.limit && last ? encodeCursor(`${last.createdMs}|${last.id}`) : null,
    };
  }

  /** Now when events wait to be dispatched, else when the first delivery is due (a leased one's lease ends). */
  protected async nextDue(botId: string, now: number): Promise<number | null> {
    const d = this.data.get(botId);
    if (this.undispatched(botId)) return now;
    return d && d.due.size > 0 ? Math.min(...d.due.values()) : null;
  }

  /** Bots with deliveries queued, or with events past their dispatch cursor: due now. */
  protected async *dueBots(now: number): AsyncIterable<BotDue[]> {
    const due: BotDue[] = [];
    for (const botId of this.state.bots.keys()) {
      const d = this.data.get(botId);
      if ((d?.due.size ?? 0) > 0 || this.undispatched(botId)) due.push({ botId, at: now });
    }
    yield due;
  }

  private undispatched(botId: string): boolean {
    const lastId = this.state.bots.get(botId)?.events.lastId ?? '0-0';
    return lastId !== '0-0' && lastId !== (this.data.get(botId)?.cursor ?? '0-0');
  }
}

function isFinished(d: Delivery | undefined): boolean {
  return !d || d.status === 'succeeded' || d.status === 'failed' || d.status === 'discarded' || d.status === 'dead-lettered';
}
