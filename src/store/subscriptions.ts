import type { BotEvent, RequestTemplate } from '../domain/types.ts';
import type { ScheduledWork } from '../scheduling/bot-scheduler.ts';
import type { DeliveryChangeStore } from './delivery-changes.ts';
import type { Page, PageRequest } from './store.ts';

export type SubscriptionDisabledReason = 'manual' | 'gone' | 'failing';
export type SubscriptionOrdering = 'unordered' | 'per-contact';

/** An event subscription: which events, where, how, and how hard to retry. */
export interface Subscription extends RequestTemplate {
  id: string;
  botId: string;
  workspaceId: string;
  name: string;
  /** What the subscription is for, as its owner wrote it; absent on records stored before it existed. */
  description?: string | null;
  folder: string | null;
  events: string[];
  /** Also deliver events of development calls (off by default: tests stay away from live systems). */
  includeDevelopment: boolean;
  /**
   * `per-contact`: one contact's deliveries go out one at a time, in the order of the events (a
   * FIFO lane per subscription and contact); absent (stored before the option) means `unordered`.
   */
  ordering?: SubscriptionOrdering;
  enabled: boolean;
  disabledReason: SubscriptionDisabledReason | null;
  retry: { scheduleSeconds: number[] };
  timeoutMs: number;
  /**
   * Header values, query values and the URL as configured, sealed (src/events/sealed-request.ts);
   * `url`, `headers` and `params` then hold the masked URL and the names only. Absent on records
   * stored before sealing.
   */
  sealedRequest?: string;
  /** Signing secrets, encrypted (JWE). During a rotation both sign, until `previous.expiresAt`. */
  secrets: { current: string; previous: { secret: string; expiresAt: number } | null };
  createdAt: string;
  updatedAt: string;
}

/**
 * `paused`: dispatched while its subscription was disabled; sent once it is enabled again.
 * `discarded`: a paused delivery dropped on request (POST …/paused-deliveries/discard).
 * `dead-lettered`: would have been paused, but its subscription already had the most paused
 * deliveries allowed (HOOKGATE_PAUSED_DELIVERIES_LIMIT); kept in the log and counted, not sent
 * unless retried by hand.
 */
export type DeliveryStatus = 'pending' | 'paused' | 'succeeded' | 'failed' | 'discarded' | 'dead-lettered';

/** A subscription's paused deliveries are capped by default at this many (HOOKGATE_PAUSED_DELIVERIES_LIMIT). */
export const DEFAULT_PAUSED_DELIVERIES_LIMIT = 100_000;

/** Deliveries that went to the dead letter in one store call, for one subscription. */
export interface DeadLetterNotice {
  subscriptionId: string;
  count: number;
  /** The first since the subscription's paused deliveries were last released: the one to log. */
  first: boolean;
}

/** What commitDispatch did: nothing (another dispatcher, or a subscription switched on, came first), or stored. */
export interface DispatchCommit {
  committed: boolean;
  deadLettered: DeadLetterNotice[];
}

/** Where parkDelivery put a delivery of a disabled subscription. */
export type ParkOutcome =
  | { parked: 'paused' }
  /** Enabled again meanwhile: queued now instead. */
  | { parked: 'queued' }
  | { parked: 'dead-lettered'; first: boolean };
export type AttemptTrigger = 'scheduled' | 'manual' | 'test';

export interface DeliveryAttempt {
  number: number;
  trigger: AttemptTrigger;
  at: string;
  durationMs: number;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: Record<string, string>; body: string; truncated: boolean } | null;
  error: string | null;
  succeeded: boolean;
  nextAttemptAt: string | null;
}

/** One event for one subscription, with every attempt made for it. */
export interface Delivery {
  id: string;
  botId: string;
  subscriptionId: string;
  event: BotEvent;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
  /**
   * Its lane (`<subscriptionId>:<contact digest>`) when the subscription orders per contact: only
   * the lane's oldest unfinished delivery is queued; finishing it queues the next.
   */
  lane?: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryLease {
  botId: string;
  leaseId: string;
  delivery: Delivery;
}

export interface DeliverySettlement {
  delivery: Delivery;
  /** When the next scheduled attempt is due; null when the delivery is finished. */
  retryAt: number | null;
  /** Events to append with the settlement (delivery.exhausted, subscription.disabled). */
  events: BotEvent[];
  /** Whether this attempt counts against the subscription's health (scheduled attempts do). */
  health: 'success' | 'failure' | 'none';
  /** A circuit breaker probe that failed: no other probe of the subscription before this time. */
  probeUntil?: number;
}

/**
 * Subscriptions, the dispatch of the bot's event stream into deliveries, and the delivery queue,
 * found through the event scheduler (ScheduledWork: a bot is due when it has events to dispatch or
 * deliveries due). Implemented on Redis and in memory, held to one contract suite.
 */
export interface SubscriptionStore extends ScheduledWork, DeliveryChangeStore {
  putSubscription(subscription: Subscription): Promise<void>;
  /**
   * Replaces a subscription only if it still has `expectedUpdatedAt` (false otherwise, or when it
   * is gone): an admin's edit and a worker's disable cannot overwrite each other.
   */
  updateSubscription(subscription: Subscription, expectedUpdatedAt: string): Promise<boolean>;
  getSubscription(botId: string, id: string): Promise<Subscription | null>;
  listSubscriptions(botId: string): Promise<Subscription[]>;
  /**
   * Removes the subscription, then its deliveries with their lanes, queue entries and leases (in
   * bounded batches). `purge: false` leaves them to the next finishDeletions (as a crash would).
   */
  deleteSubscription(botId: string, id: string, options?: { purge?: boolean }): Promise<void>;
  /** Finishes the removals of deleted subscriptions' deliveries cut short (the deletion sweeper runs it). */
  finishDeletions(): Promise<void>;

  /** Events appended after the dispatch cursor, oldest first, with the cursor they were read at. */
  readUndispatched(botId: string, limit: number): Promise<{ cursor: string; events: { position: string; event: BotEvent }[] }>;
  /**
   * Moves the dispatch cursor to the newest event, reading none (a bot with no subscription); false,
   * moving nothing, when the bot has a subscription after all (created since the caller looked).
   */
  skipUndispatched(botId: string): Promise<boolean>;
  /**
   * Stores the deliveries (a `paused` one off the queue) and moves the cursor, unless another
   * dispatcher moved it first or a paused one's subscription was enabled since (false: read again
   * and redo; a pending one for a subscription disabled since is paused by its attempt). One for a subscription deleted meanwhile is
   * not stored. A paused one whose subscription has the store's limit of paused deliveries already is
   * stored `dead-lettered` (finished, off every queue and lane) and counted (deadLetterCounts).
   */
  commitDispatch(botId: string, expectedCursor: string, newCursor: string, deliveries: Delivery[], now: number): Promise<DispatchCommit>;

  claimDeliveries(botId: string, now: number, limit: number, leaseMs: number): Promise<DeliveryLease[]>;
  /**
   * Leases one stored delivery for a manual attempt, whatever its status; null when a worker (or
   * another manual attempt) holds it. Settle it with settleDelivery (health 'none').
   */
  claimDelivery(botId: string, deliveryId: string, now: number, leaseMs: number): Promise<DeliveryLease | null>;
  /** Forgets the subscription's consecutive failures: the circuit breaker counts afresh (on re-enabling). */
  resetFailures(botId: string, subscriptionId: string): Promise<void>;
  /** When the subscription's current run of failures began (its first failed attempt since a success); null if none. */
  failingSince(botId: string, subscriptionId: string): Promise<number | null>;
  /**
   * Takes the subscription's one circuit breaker probe until `until`, unless another is out (false).
   * A probe's failed settlement (`probeUntil`) holds it until the next probe is due.
   */
  acquireProbe(botId: string, subscriptionId: string, now: number, until: number): Promise<boolean>;
  /**
   * Settles a leased delivery of a disabled subscription, unattempted: `paused` joins its paused
   * deliveries, or the dead letter when they are at the limit (counted; a lane it heads moves on);
   * queued at once if the subscription was enabled meanwhile. Null when the lease was lost.
   */
  parkDelivery(lease: DeliveryLease, now: number): Promise<ParkOutcome | null>;
  /** Per subscription of the bot, how many of its deliveries went to the dead letter (absent: none). */
  deadLetterCounts(botId: string): Promise<Map<string, number>>;
  /** Records an attempt. Returns the subscription's consecutive failures, or null when the lease was lost. */
  settleDelivery(lease: DeliveryLease, settlement: DeliverySettlement, now: number): Promise<number | null>;
  /**
   * A manual or test attempt outside the schedule: records it unless a worker holds the delivery
   * (null then). A delivery that is new (not stored yet) is created.
   */
  recordManualAttempt(settlement: DeliverySettlement, now: number): Promise<Delivery | null>;

  /**
   * Up to `limit` of the subscription's paused deliveries: `resume` queues them (pending, due now),
   * `discard` closes them as `discarded`. Returns how many were released (0: none left, and the
   * next dead letter is a `first` again).
   */
  releasePaused(botId: string, subscriptionId: string, action: 'resume' | 'discard', now: number, limit: number): Promise<number>;

  getDelivery(botId: string, id: string): Promise<Delivery | null>;
  listDeliveries(
    botId: string,
    subscriptionId: string,
    page: PageRequest & { status?: DeliveryStatus | undefined },
  ): Promise<Page<Delivery>>;
}
