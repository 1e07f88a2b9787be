import type { BotEvent } from '../../domain/types.ts';
import { newToken } from '../../lib/ids.ts';
import type { BotDue, Schedulers } from '../../scheduling/bot-scheduler.ts';
import { ScheduledBots } from '../../scheduling/scheduled-bots.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { DELIVERY_CHANGE_KEEP, type DeliveryChange } from '../delivery-changes.ts';
import { parkedDelivery, releasedDelivery } from '../paused.ts';
import { type RedisKeys, redisKeys } from '../redis-keys.ts';
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
import { guard, toStoreError } from './errors.ts';
import { appendDeliveryChanges, lastDeliveryChange, readDeliveryChanges } from './redis-delivery-changes.ts';
import type { RedisClient } from './run-script.ts';
import {
  acquireProbe,
  addSubscription,
  claimDeliveries,
  claimDelivery,
  commitDispatch,
  parkDelivery,
  purgeSubscription,
  recordManualAttempt,
  releasePaused,
  removeSubscription,
  settleDelivery,
  skipUndispatched,
  updateSubscription,
} from './scripts.ts';

/** Deliveries kept per subscription (the oldest finished ones go first). */
const DELIVERY_LOG_CAP = 10_000;
/** Deliveries removed per script call when a subscription is deleted (each call is short). */
const PURGE_BATCH = 500;
const LOG_MEMBER = /^\d{1,16}\|dlv_[0-9A-Za-z]{20}$/;

type StreamEntry = [string, string[]];

export interface RedisSubscriptionOptions {
  prefix: string;
  eventRetention: number;
  schedulers: Schedulers;
  /** Paused deliveries a subscription may hold; more go to the dead letter. */
  pausedDeliveriesLimit?: number;
  /**
   * The bot's keys can be on another node for a moment (a Redis Cluster moving a slot): a claim
   * looks again later at a delivery it cannot read instead of dropping it (claim-deliveries-2.lua).
   */
  redisCluster?: boolean;
}

/** Subscriptions, dispatch and deliveries on Redis; a bot's keys share its hash tag. */
export class RedisSubscriptionStore extends ScheduledBots implements SubscriptionStore {
  private readonly k: RedisKeys;
  private readonly client: RedisClient;
  private readonly options: RedisSubscriptionOptions;
  private readonly pausedLimit: number;

  constructor(client: RedisClient, options: RedisSubscriptionOptions) {
    super(options.schedulers.events);
    this.client = client;
    this.options = options;
    this.pausedLimit = options.pausedDeliveriesLimit ?? DEFAULT_PAUSED_DELIVERIES_LIMIT;
    this.k = redisKeys(options.prefix);
  }

  putSubscription(s: Subscription): Promise<void> {
    return guard(async () => {
      const k = this.k;
      const keys: [string, string, string, string] = [
        k.subscriptions(s.botId),
        k.dispatchCursor(s.botId),
        k.events(s.botId),
        k.configVersion(s.botId),
      ];
      await addSubscription(this.client, keys, [s.id, JSON.stringify(s)]);
    });
  }

  updateSubscription(s: Subscription, expectedUpdatedAt: string): Promise<boolean> {
    return guard(async () => {
      const done = await updateSubscription(this.client, [this.k.subscriptions(s.botId)], [s.id, JSON.stringify(s), expectedUpdatedAt]);
      return done === 1;
    });
  }

  getSubscription(botId: string, id: string): Promise<Subscription | null> {
    return guard(async () => {
      const raw = await this.client.hGet(this.k.subscriptions(botId), id);
      return raw ? (JSON.parse(raw) as Subscription) : null;
    });
  }

  listSubscriptions(botId: string): Promise<Subscription[]> {
    return guard(async () => {
      const all = (await this.client.hVals(this.k.subscriptions(botId))).map((v) => JSON.parse(v) as Subscription);
      return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    });
  }

  deleteSubscription(botId: string, id: string, options: { purge?: boolean } = {}): Promise<void> {
    return guard(async () => {
      // Listed first, so a removal cut short is finished by the deletion sweeper (finishDeletions).
      await this.client.hSet(this.k.deletingSubscriptions, `${botId}/${id}`, '1');
      await this.remove(botId, id);
      if (options.purge !== false) await this.purge(botId, id);
    });
  }

  finishDeletions(): Promise<void> {
    return guard(async () => {
      for (const entry of Object.keys(await this.client.hGetAll(this.k.deletingSubscriptions))) {
        const [botId, id] = entry.split('/') as [string, string];
        // The first step again, in case the crash came before it.
        await this.remove(botId, id);
        await this.purge(botId, id);
      }
    });
  }

  /** Gone at once for readers, dispatch and workers (remove-subscription-6.lua). */
  private async remove(botId: string, id: string): Promise<void> {
    const k = this.k;
    await removeSubscription(
      this.client,
      [
        k.subscriptions(botId),
        k.subscriptionHealth(botId),
        k.deliveryPaused(botId, id),
        k.deliveryChanges(botId, id),
        k.deadLetters(botId),
        k.configVersion(botId),
      ],
      [id, ...healthFields(id)],
    );
  }

  /**
   * Then its deliveries, lanes, queue entries and leases, in bounded batches: every unfinished
   * delivery is in its log (only finished ones are ever dropped from it), so the log finds them all.
   */
  private async purge(botId: string, id: string): Promise<void> {
    const k = this.k;
    const keys: [string, string, string] = [k.deliveryLog(botId, id), k.deliveryDue(botId), k.deliveryLeases(botId)];
    const args: [string, string, number] = [k.delivery(botId, ''), k.deliveryLane(botId, ''), PURGE_BATCH];
    while ((await purgeSubscription(this.client, keys, args)) > 0);
    await this.client.hDel(k.deletingSubscriptions, `${botId}/${id}`);
  }

  readUndispatched(botId: string, limit: number): Promise<{ cursor: string; events: { position: string; event: BotEvent }[] }> {
    return guard(async () => {
      const cursor = (await this.client.get(this.k.dispatchCursor(botId))) ?? '0-0';
      const entries = (await this.client.sendCommand([
        'XRANGE',
        this.k.events(botId),
        `(${cursor}`,
        '+',
        'COUNT',
        String(limit),
      ])) as StreamEntry[];
      return { cursor, events: entries.map(([position, fields]) => ({ position, event: JSON.parse(fields[1]!) as BotEvent })) };
    });
  }

  skipUndispatched(botId: string): Promise<boolean> {
    return guard(async () => {
      const keys: [string, string, string] = [this.k.events(botId), this.k.dispatchCursor(botId), this.k.subscriptions(botId)];
      return (await skipUndispatched(this.client, keys, [this.options.eventRetention])) === 1;
    });
  }

  commitDispatch(botId: string, expectedCursor: string, newCursor: string, deliveries: Delivery[], now: number): Promise<DispatchCommit> {
    return guard(async () => {
      const args = deliveries.flatMap((d) => [
        d.id,
        d.subscriptionId,
        JSON.stringify(d),
        Date.parse(d.createdAt),
        d.status === 'paused' ? '1' : '',
        d.lane ? this.k.deliveryLane(botId, d.lane) : '',
        // The same delivery as the dead letter keeps it, should its subscription be at the limit.
        d.status === 'paused' ? JSON.stringify(parkedDelivery(d, 'dead-lettered', now)) : '',
      ]);
      const k = this.k;
      const [done, ...rest] = await commitDispatch(
        this.client,
        [k.dispatchCursor(botId), k.deliveryDue(botId), k.subscriptions(botId), k.events(botId), k.deadLetters(botId)],
        [
          expectedCursor,
          newCursor,
          now,
          k.delivery(botId, ''),
          k.deliveryLog(botId, ''),
          DELIVERY_LOG_CAP,
          k.deliveryPaused(botId, ''),
          this.options.eventRetention,
          this.pausedLimit,
          k.deliveryChanges(botId, ''),
          DELIVERY_CHANGE_KEEP,
          ...args,
        ],
      );
      const deadLettered: DeadLetterNotice[] = [];
      for (let i = 0; i + 2 < rest.length; i += 3) {
        deadLettered.push({ subscriptionId: String(rest[i]), count: Number(rest[i + 1]), first: Number(rest[i + 2]) === 1 });
      }
      return { committed: Number(done) === 1, deadLettered };
    });
  }

  parkDelivery(lease: DeliveryLease, now: number): Promise<ParkOutcome | null> {
    return guard(async () => {
      const { botId, delivery: d } = lease;
      const k = this.k;
      const [outcome, first] = await parkDelivery(
        this.client,
        [
          k.deliveryDue(botId),
          k.deliveryLeases(botId),
          k.delivery(botId, d.id),
          k.deliveryPaused(botId, d.subscriptionId),
          k.deadLetters(botId),
          k.subscriptions(botId),
        ],
        [
          d.id,
          lease.leaseId,
          JSON.stringify(parkedDelivery(d, 'paused', now)),
          JSON.stringify(parkedDelivery(d, 'dead-lettered', now)),
          Date.parse(d.createdAt),
          now,
          d.subscriptionId,
          this.pausedLimit,
          d.lane ? k.deliveryLane(botId, d.lane) : '',
        ],
      );
      if (Number(outcome) !== -1) await appendDeliveryChanges(this.client, k, botId, [d]);
      switch (Number(outcome)) {
        case -1:
          return null;
        case 0:
          await this.options.schedulers.signal(botId, now, { events: true });
          return { parked: 'queued' };
        case 1:
          return { parked: 'paused' };
        default:
          if (d.lane) await this.options.schedulers.signal(botId, now, { events: true });
          return { parked: 'dead-lettered', first: Number(first) === 1 };
      }
    });
  }

  deadLetterCounts(botId: string): Promise<Map<string, number>> {
    return guard(async () => {
      const all = await this.client.hGetAll(this.k.deadLetters(botId));
      const counts = new Map<string, number>();
      for (const [field, value] of Object.entries(all)) if (!field.includes(':')) counts.set(field, Number(value));
      return counts;
    });
  }

  claimDeliveries(botId: string, now: number, limit: number, leaseMs: number): Promise<DeliveryLease[]> {
    return guard(async () => {
      const flat = await claimDeliveries(
        this.client,
        [this.k.deliveryDue(botId), this.k.deliveryLeases(botId)],
        [now, limit, now + leaseMs, `${newToken()}.`, this.k.delivery(botId, ''), this.options.redisCluster ? '1' : ''],
      );
      const out: DeliveryLease[] = [];
      for (let i = 0; i < flat.length; i += 3) out.push({ botId, leaseId: flat[i + 1]!, delivery: JSON.parse(flat[i + 2]!) as Delivery });
      return out;
    });
  }

  resetFailures(botId: string, subscriptionId: string): Promise<void> {
    return guard(async () => {
      await this.client.hDel(this.k.subscriptionHealth(botId), healthFields(subscriptionId));
    });
  }

  failingSince(botId: string, subscriptionId: string): Promise<number | null> {
    return guard(async () => {
      const since = await this.client.hGet(this.k.subscriptionHealth(botId), `${subscriptionId}:since`);
      return since ? Number(since) : null;
    });
  }

  acquireProbe(botId: string, subscriptionId: string, now: number, until: number): Promise<boolean> {
    return guard(async () => (await acquireProbe(this.client, [this.k.subscriptionHealth(botId)], [subscriptionId, now, until])) === 1);
  }

  claimDelivery(botId: string, deliveryId: string, now: number, leaseMs: number): Promise<DeliveryLease | null> {
    return guard(async () => {
      const leaseId = `${newToken()}.manual`;
      const json = await claimDelivery(
        this.client,
        [this.k.deliveryDue(botId), this.k.deliveryLeases(botId), this.k.delivery(botId, deliveryId)],
        [deliveryId, leaseId, now + leaseMs],
      );
      return json ? { botId, leaseId, delivery: JSON.parse(json) as Delivery } : null;
    });
  }

  settleDelivery(lease: DeliveryLease, s: DeliverySettlement, now: number): Promise<number | null> {
    return guard(async () => {
      const { botId } = lease;
      const d = s.delivery;
      const failures = await settleDelivery(
        this.client,
        [
          this.k.deliveryDue(botId),
          this.k.deliveryLeases(botId),
          this.k.delivery(botId, d.id),
          this.k.events(botId),
          this.k.subscriptionHealth(botId),
        ],
        [
          d.id,
          lease.leaseId,
          JSON.stringify(d),
          s.retryAt ?? '',
          s.health,
          d.subscriptionId,
          d.status === 'paused' ? this.k.deliveryPaused(botId, d.subscriptionId) : '',
          Date.parse(d.createdAt),
          now,
          s.probeUntil ?? '',
          d.lane ? this.k.deliveryLane(botId, d.lane) : '',
          this.k.subscriptions(botId),
          ...s.events.map((e) => JSON.stringify(e)),
        ],
      );
      if (failures >= 0) await appendDeliveryChanges(this.client, this.k, botId, [d]);
      if (failures >= 0 && s.events.length) await this.options.schedulers.signal(botId, now, { events: true });
      return failures < 0 ? null : failures;
    });
  }

  recordManualAttempt(s: DeliverySettlement, now: number): Promise<Delivery | null> {
    return guard(async () => {
      const d = s.delivery;
      const done = await recordManualAttempt(
        this.client,
        [
          this.k.deliveryLeases(d.botId),
          this.k.delivery(d.botId, d.id),
          this.k.deliveryDue(d.botId),
          this.k.deliveryLog(d.botId, d.subscriptionId),
          this.k.events(d.botId),
        ],
        [d.id, JSON.stringify(d), s.retryAt ?? '', Date.parse(d.createdAt), ...s.events.map((e) => JSON.stringify(e))],
      );
      if (done === 1) await appendDeliveryChanges(this.client, this.k, d.botId, [d]);
      if (done === 1 && s.events.length) await this.options.schedulers.signal(d.botId, now, { events: true });
      return done === 1 ? d : null;
    });
  }

  releasePaused(botId: string, subscriptionId: string, action: 'resume' | 'discard', now: number, limit: number): Promise<number> {
    return guard(async () => {
      const pausedKey = this.k.deliveryPaused(botId, subscriptionId);
      // Ids settled otherwise meanwhile (a manual attempt) only leave the set: read on past them.
      for (let round = 0; round < 10; round++) {
        const ids = await this.client.zRange(pausedKey, 0, limit - 1);
        if (ids.length === 0) {
          // None left: the next dead letter (a new pause filling up) is logged again.
          await this.client.hDel(this.k.deadLetters(botId), `${subscriptionId}:noticed`);
          return 0;
        }
        const raw = await this.client.mGet(ids.map((id) => this.k.delivery(botId, id)));
        const pairs = ids.flatMap((id, i) => {
          const d = raw[i] ? (JSON.parse(raw[i]!) as Delivery) : null;
          const lane = d?.lane ? this.k.deliveryLane(botId, d.lane) : '';
          return [id, d?.status === 'paused' ? JSON.stringify(releasedDelivery(d, action, now)) : '', lane];
        });
        const keys: [string, string] = [pausedKey, this.k.deliveryDue(botId)];
        const released = await releasePaused(this.client, keys, [action, now, this.k.delivery(botId, ''), ...pairs]);
        if (released > 0) {
          const changed = ids.filter((_, i) => pairs[i * 3 + 1] !== '');
          await appendDeliveryChanges(
            this.client,
            this.k,
            botId,
            changed.map((id) => ({ id, subscriptionId })),
          );
        }
        if (released > 0 && action === 'resume') await this.options.schedulers.signal(botId, now, { events: true });
        if (released > 0) return released;
      }
      return 0;
    });
  }

  deliveryChanges(botId: string, subscriptionId: string, after: string, limit: number): Promise<DeliveryChange[]> {
    return guard(() => readDeliveryChanges(this.client, this.k, botId, subscriptionId, after, limit));
  }

  lastDeliveryChange(botId: string, subscriptionId: string): Promise<string> {
    return guard(() => lastDeliveryChange(this.client, this.k, botId, subscriptionId));
  }

  getDelivery(botId: string, id: string): Promise<Delivery | null> {
    return guard(async () => {
      const raw = await this.client.get(this.k.delivery(botId, id));
      return raw ? (JSON.parse(raw) as Delivery) : null;
    });
  }

  listDeliveries(
    botId: string,
    subscriptionId: string,
    page: PageRequest & { status?: DeliveryStatus | undefined },
  ): Promise<Page<Delivery>> {
    return guard(async () => {
      // Newest first; the cursor is (createdMs|id) of the last delivery returned. A status filter
      // reads on in batches until the page is full or the log ends.
      let before: { score: number; id: string } | null = null;
      if (page.cursor) {
        const [score, id] = decodeCursor(page.cursor, LOG_MEMBER).split('|');
        before = { score: Number(score), id: id! };
      }
      const items: Delivery[] = [];
      let last: string | null = null;
      let more = false;
      for (let scanned = 0; scanned < 5000 && items.length <= page.limit && !more; ) {
        // Same-millisecond deliveries come in descending id order; skip those already returned.
        const rows = (await this.client.sendCommand([
          'ZRANGE',
          this.k.deliveryLog(botId, subscriptionId),
          before ? String(before.score) : '+inf',
          '-inf',
          'BYSCORE',
          'REV',
          'LIMIT',
          '0',
          '100',
          'WITHSCORES',
        ])) as unknown[];
        const seen = before;
        const members = pairs(rows).filter(([id, score]) => !seen || score < seen.score || (score === seen.score && id < seen.id));
        if (members.length === 0) break;
        scanned += members.length;
        const raw = await this.client.mGet(members.map(([id]) => this.k.delivery(botId, id)));
        for (let i = 0; i < members.length; i++) {
          const [id, score] = members[i]!;
          before = { score, id };
          const d = raw[i] ? (JSON.parse(raw[i]!) as Delivery) : null;
          if (!d || (page.status && d.status !== page.status)) continue;
          if (items.length === page.limit) {
            more = true;
            break;
          }
          items.push(d);
          last = `${score}|${id}`;
        }
        if (rows.length === 0 || pairs(rows).length < 100) break;
      }
      return { items, nextCursor: more && last ? encodeCursor(last) : null };
    });
  }

  /** Now when events wait to be dispatched, else when the first delivery is due (a leased one's lease ends). */
  protected nextDue(botId: string, now: number): Promise<number | null> {
    return guard(async () => {
      const [firstDue, cursor, newest] = await Promise.all([
        this.client.sendCommand(['ZRANGE', this.k.deliveryDue(botId), '0', '0', 'WITHSCORES']) as Promise<unknown[]>,
        this.client.get(this.k.dispatchCursor(botId)),
        this.client.sendCommand(['XREVRANGE', this.k.events(botId), '+', '-', 'COUNT', '1']) as Promise<StreamEntry[]>,
      ]);
      if (newest.length > 0 && newest[0]![0] !== (cursor ?? '0-0')) return now;
      const due = pairs(firstDue)[0];
      return due ? due[1] : null;
    });
  }

  /** Bots with deliveries queued, or with events past their dispatch cursor: due now. */
  protected async *dueBots(now: number): AsyncIterable<BotDue[]> {
    try {
      for await (const batch of this.client.sScanIterator(this.k.allBots, { COUNT: 500 })) {
        // One round trip per batch (pipelined).
        const states = await Promise.all(
          batch.map((botId) =>
            Promise.all([
              this.client.zCard(this.k.deliveryDue(botId)),
              this.client.get(this.k.dispatchCursor(botId)),
              this.client.sendCommand(['XREVRANGE', this.k.events(botId), '+', '-', 'COUNT', '1']) as Promise<StreamEntry[]>,
            ]),
          ),
        );
        yield batch
          .filter((_, i) => {
            const [queued, cursor, newest] = states[i]!;
            // Undispatched events make a bot due even without subscriptions: only the dispatcher
            // trims the stream (behind its cursor), so it must pass over every bot's events.
            return queued > 0 || (newest.length > 0 && newest[0]![0] !== (cursor ?? '0-0'));
          })
          .map((botId) => ({ botId, at: now }));
      }
    } catch (err) {
      throw toStoreError(err);
    }
  }
}

/** A subscription's fields in the health hash (see settle-delivery-5.lua). */
function healthFields(subscriptionId: string): string[] {
  return [subscriptionId, `${subscriptionId}:since`, `${subscriptionId}:probe`];
}

/** [member, score] pairs from a WITHSCORES reply in RESP2 (flat) or RESP3 (nested) shape. */
function pairs(reply: unknown[]): [string, number][] {
  if (reply.length === 0) return [];
  if (Array.isArray(reply[0])) return (reply as [string, string | number][]).map(([m, s]) => [m, Number(s)]);
  const out: [string, number][] = [];
  for (let i = 0; i < reply.length; i += 2) out.push([String(reply[i]), Number(reply[i + 1])]);
  return out;
}
