import { isoTime, nextUpdatedAt } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { Metrics } from '../lib/metrics.ts';
import { ClaimLoop, type ClaimLoopOptions } from '../scheduling/claim-loop.ts';
import type { Store } from '../store/store.ts';
import type { Delivery, DeliveryLease, DeliveryStatus, Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import type { EventData } from './event-data.ts';
import { laneOf } from './lanes.ts';
import { compilePatterns } from './patterns.ts';
import { releaseAllPaused } from './release-paused.ts';
import { type SenderDeps, sendEvent } from './sender.ts';
import { botEvent, probeFailed, settle } from './settlement.ts';

export interface EventWorkerDeps extends SenderDeps {
  subscriptions: SubscriptionStore;
  /** Where the worker's own events (subscription.disabled) are published. */
  store: Pick<Store, 'appendEvents'>;
  logger: Logger;
  metrics: Metrics;
}

export interface EventWorkerOptions extends ClaimLoopOptions {
  deliveriesPerClaim: number;
  /**
   * The circuit breaker opens on an endpoint that has failed without a success for
   * `circuitBreakerMs`, with at least `circuitBreakerFailures` attempts: the subscription is
   * disabled (reason `failing`), its deliveries wait as paused, and one probe at a time (every
   * `circuitBreakerMs / 10`, 1–30 s) tests recovery; a probe that succeeds enables it again.
   */
  circuitBreakerFailures: number;
  circuitBreakerMs: number;
}

const DEFAULT_EVENT_WORKER_OPTIONS: EventWorkerOptions = {
  leaseMs: 120_000,
  pollMs: 250,
  reconcileEveryMs: 60_000,
  botsPerClaim: 16,
  // Each pass keeps up to deliveriesPerClaim requests in flight.
  maxConcurrentPasses: 16,
  deliveriesPerClaim: 32,
  circuitBreakerFailures: 20,
  circuitBreakerMs: 300_000,
};

/** Events about deliveries are never delivered to the subscription they are about (no loops). */
const SELF_EVENTS = new Set(['delivery.exhausted', 'subscription.disabled']);
const FINISHED = new Set<DeliveryStatus>(['succeeded', 'failed', 'discarded', 'dead-lettered']);

/**
 * Event delivery: turns each bot's new events into deliveries for the matching subscriptions,
 * then sends due deliveries, retrying on the subscription's schedule until one succeeds or the
 * delivery is failed and `delivery.exhausted` published. A 410 disables the subscription, and so
 * does an endpoint failing for long enough (the circuit breaker), with `subscription.disabled`;
 * a disabled subscription's deliveries wait as paused.
 */
export class EventWorker {
  private readonly deps: EventWorkerDeps;
  private readonly options: EventWorkerOptions;
  private readonly loop: ClaimLoop;

  constructor(deps: EventWorkerDeps, options: Partial<EventWorkerOptions> = {}) {
    this.deps = deps;
    this.options = { ...DEFAULT_EVENT_WORKER_OPTIONS, ...options };
    const { clock, logger } = deps;
    this.loop = new ClaimLoop(deps.subscriptions, (botId) => this.pass(botId), { clock, logger, name: 'event worker' }, this.options);
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming work; resolves once the attempts in flight are recorded. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One pass over a bot: dispatch its new events, then send its due deliveries through a sliding
   * window of `deliveriesPerClaim` attempts: more are claimed as soon as half the window has
   * settled, so one slow subscriber holds up only its own slots, not a whole batch.
   */
  private async pass(botId: string): Promise<void> {
    const { subscriptions, clock } = this.deps;
    const window = this.options.deliveriesPerClaim;
    const inFlight = new Set<Promise<void>>();
    let failure: { err: unknown } | null = null;
    try {
      let subs = await subscriptions.listSubscriptions(botId);
      await this.dispatch(botId, subs);
      for (let round = 0; round < 50 && !this.loop.stopping.aborted && !failure; round++) {
        const claimedAt = clock.now();
        const leases = await subscriptions.claimDeliveries(botId, claimedAt, window - inFlight.size, this.options.leaseMs);
        if (leases.length === 0) break;
        // Read again each round: a subscription disabled meanwhile (by hand, a 410, the circuit
        // breaker) gets nothing more, and an edited one is sent as it now stands.
        if (round > 0) subs = await subscriptions.listSubscriptions(botId);
        const byId = new Map(subs.map((s) => [s.id, s]));
        for (const l of leases) {
          const attempt: Promise<void> = this.attempt(l, byId, claimedAt + this.options.leaseMs)
            .catch((err: unknown) => {
              failure ??= { err };
            })
            .finally(() => inFlight.delete(attempt));
          inFlight.add(attempt);
        }
        while (inFlight.size > window / 2) await Promise.race(inFlight);
      }
    } finally {
      // Every attempt is recorded (or has failed) before the loop releases the bot.
      await Promise.all(inFlight);
    }
    if (failure) throw (failure as { err: unknown }).err;
  }

  /**
   * New events → one delivery per matching subscription, whatever its state: pending for an
   * enabled one, paused for a disabled one (sent when it is enabled again). Nothing accepted is
   * skipped, so the cursor passes an event only with its deliveries stored.
   */
  private async dispatch(botId: string, subs: Subscription[]): Promise<void> {
    const { subscriptions, clock } = this.deps;
    if (subs.length === 0) {
      // Nothing subscribes: move the cursor past every event without reading them, unless a
      // subscription was created since the list was read (then its events are dispatched).
      if (await subscriptions.skipUndispatched(botId)) return;
      subs = await subscriptions.listSubscriptions(botId);
    }
    let all = subs.map((s) => ({ s, matches: compilePatterns(s.events) }));
    for (let round = 0; round < 20; round++) {
      const { cursor, events } = await subscriptions.readUndispatched(botId, 500);
      if (events.length === 0) return;
      const now = clock.now();
      const deliveries: Delivery[] = [];
      for (const { event } of events) {
        for (const { s, matches } of all) {
          if (!matches(event.type)) continue;
          if (event.environment === 'development' && !s.includeDevelopment) continue;
          if (SELF_EVENTS.has(event.type) && event.data.subscriptionId === s.id) continue;
          const lane = s.ordering === 'per-contact' ? laneOf(s.id, event) : null;
          // A subscription the breaker disabled gets its deliveries queued all the same: each is
          // a candidate probe (the attempt pauses the ones that are not), so a new event can
          // always test the endpoint's recovery.
          const queued = s.enabled || s.disabledReason === 'failing';
          deliveries.push({
            id: newId('dlv'),
            botId,
            subscriptionId: s.id,
            event,
            status: queued ? 'pending' : 'paused',
            attempts: [],
            nextAttemptAt: queued ? isoTime(now) : null,
            ...(lane ? { lane } : {}),
            createdAt: isoTime(now),
            updatedAt: isoTime(now),
          });
        }
      }
      const commit = await subscriptions.commitDispatch(botId, cursor, events.at(-1)!.position, deliveries, now);
      for (const notice of commit.deadLettered) this.deadLettered(botId, notice.subscriptionId, notice.count, notice.first);
      if (commit.committed) continue;
      // Another dispatcher moved on, or a subscription was switched on or off meanwhile: read again.
      all = (await subscriptions.listSubscriptions(botId)).map((s) => ({ s, matches: compilePatterns(s.events) }));
      if (all.length === 0) return;
    }
  }

  /** One attempt at a leased delivery; `leaseEnds` bounds how long its record may wait out an outage. */
  private async attempt(lease: DeliveryLease, subs: Map<string, Subscription>, leaseEnds: number): Promise<void> {
    const { subscriptions, clock, logger, metrics } = this.deps;
    const { delivery } = lease;
    if (FINISHED.has(delivery.status)) {
      // Finished out of turn (by hand) while it waited in its lane: settling it makes way for the next.
      const settlement = { delivery, retryAt: null, events: [], health: 'none' as const };
      await this.loop.throughOutage(() => subscriptions.settleDelivery(lease, settlement, clock.now()), leaseEnds);
      return;
    }
    let subscription = subs.get(delivery.subscriptionId) ?? (await subscriptions.getSubscription(delivery.botId, delivery.subscriptionId));
    let probe = false;
    if (!subscription?.enabled) {
      // Read afresh: it may have been enabled again meanwhile (and be resuming its paused deliveries).
      const fresh = await subscriptions.getSubscription(delivery.botId, delivery.subscriptionId);
      if (fresh?.enabled) subscription = fresh;
      else if (fresh?.disabledReason === 'failing' && (await subscriptions.acquireProbe(fresh.botId, fresh.id, clock.now(), leaseEnds))) {
        subscription = fresh;
        probe = true;
      } else return this.park(lease, fresh, leaseEnds);
    }
    // The request must end well inside the lease, or another worker takes the delivery over and
    // sends it again while this one still waits for an answer.
    const timeoutMs = Math.min(subscription.timeoutMs, Math.floor(this.options.leaseMs / 2));
    const outcome = await sendEvent(this.deps, { ...subscription, timeoutMs }, delivery.event);
    const now = clock.now();
    let settlement = settle(delivery, subscription, outcome, 'scheduled', now);
    if (probe && !outcome.attempt.succeeded) settlement = probeFailed(settlement, now + this.probeIntervalMs);
    // The attempt has happened: record it even if the store blinked meanwhile, or it would be sent again.
    const failures = await this.loop.throughOutage(() => subscriptions.settleDelivery(lease, settlement, now), leaseEnds);
    metrics.eventDeliveries.inc({ result: outcome.attempt.succeeded ? 'succeeded' : settlement.retryAt === null ? 'failed' : 'retried' });
    metrics.eventDeliveryLatency.observe(outcome.attempt.durationMs / 1000);
    if (failures === null) {
      logger.warn({ deliveryId: delivery.id }, 'delivery: lease lost before settling; another worker owns it');
      return;
    }
    if (probe) {
      if (outcome.attempt.succeeded) await this.recover(subscription, now);
    } else if (outcome.gone) await this.disable(subscription, 'gone', now);
    else if (failures >= this.options.circuitBreakerFailures) {
      const since = await subscriptions.failingSince(subscription.botId, subscription.id);
      if (since !== null && now - since >= this.options.circuitBreakerMs) await this.disable(subscription, 'failing', now);
    }
  }

  /** How long the circuit breaker waits between probes of an endpoint. */
  private get probeIntervalMs(): number {
    return Math.min(30_000, Math.max(1000, Math.round(this.options.circuitBreakerMs / 10)));
  }

  /**
   * A delivery whose subscription is off: deleted, it is closed (and its settlement finds nothing
   * once the deletion has removed the subscription's deliveries); disabled, it waits as paused until
   * the subscription is enabled again.
   */
  private async park(lease: DeliveryLease, subscription: Subscription | null, leaseEnds: number): Promise<void> {
    const { subscriptions, clock } = this.deps;
    if (subscription) {
      const parked = await this.loop.throughOutage(() => subscriptions.parkDelivery(lease, clock.now()), leaseEnds);
      if (parked?.parked === 'dead-lettered') this.deadLettered(lease.botId, subscription.id, 1, parked.first);
      return;
    }
    const failed = { ...lease.delivery, status: 'failed' as const, nextAttemptAt: null, updatedAt: isoTime(clock.now()) };
    const settlement = { delivery: failed, retryAt: null, events: [], health: 'none' as const };
    await this.loop.throughOutage(() => subscriptions.settleDelivery(lease, settlement, clock.now()), leaseEnds);
  }

  /**
   * Deliveries a disabled subscription had no room left to keep paused went to the dead letter:
   * counted always, logged once per pause (the first since its paused deliveries were released).
   */
  private deadLettered(botId: string, subscriptionId: string, count: number, first: boolean): void {
    this.deps.metrics.deliveriesDeadLettered.inc(count);
    if (!first) return;
    this.deps.logger.warn(
      { botId, subscriptionId },
      'subscription disabled with the most paused deliveries allowed: new deliveries go to the dead letter (status dead-lettered) until its paused ones are released',
    );
  }

  /** A circuit breaker probe succeeded: the subscription is enabled again and what waited is sent. */
  private async recover(subscription: Subscription, now: number): Promise<void> {
    const { subscriptions, logger } = this.deps;
    const current = await subscriptions.getSubscription(subscription.botId, subscription.id);
    // Only what the breaker disabled; an admin's disable (or delete) meanwhile stands.
    if (!current || current.enabled || current.disabledReason !== 'failing') return;
    const enabled = { ...current, enabled: true, disabledReason: null, updatedAt: nextUpdatedAt(current.updatedAt, now) };
    if (!(await subscriptions.updateSubscription(enabled, current.updatedAt))) return;
    logger.info({ subscriptionId: subscription.id }, 'subscription enabled again: the circuit breaker probe succeeded');
    await releaseAllPaused(this.deps, subscription.botId, subscription.id, 'resume');
  }

  private async disable(subscription: Subscription, reason: 'gone' | 'failing', now: number): Promise<void> {
    const { subscriptions, store, logger } = this.deps;
    // Compare-and-set, read again on a conflict: an admin's edit made meanwhile is kept, and a
    // subscription that is already off (by hand or by another worker) is left as it is.
    for (let tries = 0; tries < 5; tries++) {
      const current = await subscriptions.getSubscription(subscription.botId, subscription.id);
      if (!current?.enabled) return;
      const disabled = { ...current, enabled: false, disabledReason: reason, updatedAt: nextUpdatedAt(current.updatedAt, now) };
      if (await subscriptions.updateSubscription(disabled, current.updatedAt)) break;
      if (tries === 4) return;
    }
    const event = botEvent(subscription.botId, 'subscription.disabled', now, {
      subscriptionId: subscription.id,
      name: subscription.name,
      url: subscription.url,
      reason,
    } satisfies EventData<'subscription.disabled'>);
    await store.appendEvents(subscription.botId, [event]);
    logger.warn({ subscriptionId: subscription.id, reason }, 'subscription disabled');
  }
}
