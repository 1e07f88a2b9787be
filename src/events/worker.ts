import { isoTime, nextUpdatedAt } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { Metrics } from '../lib/metrics.ts';
import { ClaimLoop, type ClaimLoopOptions } from '../scheduling/claim-loop.ts';
import type { Store } from '../store/store.ts';
import type { Delivery, DeliveryLease, DeliveryStatus, Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import { compilePatterns } from './patterns.ts';
import { type SenderDeps, sendEvent } from './sender.ts';
import { botEvent, settle } from './settlement.ts';

export interface EventWorkerDeps extends SenderDeps {
  subscriptions: SubscriptionStore;
  /** Where the worker's own events (subscription.disabled) are published. */
  store: Pick<Store, 'appendEvents'>;
  logger: Logger;
  metrics: Metrics;
}

export interface EventWorkerOptions extends ClaimLoopOptions {
  deliveriesPerClaim: number;
  /** Consecutive failed attempts after which a subscription is disabled. */
  circuitBreakerFailures: number;
}

export const DEFAULT_EVENT_WORKER_OPTIONS: EventWorkerOptions = {
  leaseMs: 120_000,
  pollMs: 250,
  reconcileEveryMs: 60_000,
  botsPerClaim: 16,
  // Each pass keeps up to deliveriesPerClaim requests in flight.
  maxConcurrentPasses: 16,
  deliveriesPerClaim: 32,
  circuitBreakerFailures: 20,
};

/** Events about deliveries are never delivered to the subscription they are about (no loops). */
const SELF_EVENTS = new Set(['delivery.exhausted', 'subscription.disabled']);

/**
 * Event delivery: turns each bot's new events into deliveries for the matching subscriptions,
 * then sends due deliveries, retrying on the subscription's schedule until one succeeds or the
 * delivery is failed and `delivery.exhausted` published. A 410 disables the subscription, and so
 * does a run of consecutive failures (the circuit breaker), with `subscription.disabled`.
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
      // Nothing subscribes: move the cursor past every event without reading them.
      await subscriptions.skipUndispatched(botId);
      return;
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
          deliveries.push({
            id: newId('dlv'),
            botId,
            subscriptionId: s.id,
            event,
            status: s.enabled ? 'pending' : 'paused',
            attempts: [],
            nextAttemptAt: s.enabled ? isoTime(now) : null,
            createdAt: isoTime(now),
            updatedAt: isoTime(now),
          });
        }
      }
      if (await subscriptions.commitDispatch(botId, cursor, events.at(-1)!.position, deliveries, now)) continue;
      // Another dispatcher moved on, or a subscription was switched on or off meanwhile: read again.
      all = (await subscriptions.listSubscriptions(botId)).map((s) => ({ s, matches: compilePatterns(s.events) }));
      if (all.length === 0) return;
    }
  }

  /** One attempt at a leased delivery; `leaseEnds` bounds how long its record may wait out an outage. */
  private async attempt(lease: DeliveryLease, subs: Map<string, Subscription>, leaseEnds: number): Promise<void> {
    const { subscriptions, clock, logger, metrics } = this.deps;
    const { delivery } = lease;
    const subscription =
      subs.get(delivery.subscriptionId) ?? (await subscriptions.getSubscription(delivery.botId, delivery.subscriptionId));
    if (!subscription?.enabled) {
      // Deleted: nothing to send to any more, close the delivery (it stays in the log). Disabled:
      // it waits as paused until the subscription is enabled again (read afresh, to keep the
      // window against a re-enabling that is resuming the paused ones as small as can be).
      const fresh = subscription && (await subscriptions.getSubscription(delivery.botId, delivery.subscriptionId));
      const status: DeliveryStatus = fresh ? (fresh.enabled ? 'pending' : 'paused') : 'failed';
      const closed = {
        ...delivery,
        status,
        nextAttemptAt: status === 'pending' ? delivery.nextAttemptAt : null,
        updatedAt: isoTime(clock.now()),
      };
      const retryAt = status === 'pending' ? clock.now() : null;
      const settlement = { delivery: closed, retryAt, events: [], health: 'none' as const };
      await this.loop.throughOutage(() => subscriptions.settleDelivery(lease, settlement, clock.now()), leaseEnds);
      return;
    }
    // The request must end well inside the lease, or another worker takes the delivery over and
    // sends it again while this one still waits for an answer.
    const timeoutMs = Math.min(subscription.timeoutMs, Math.floor(this.options.leaseMs / 2));
    const outcome = await sendEvent(this.deps, { ...subscription, timeoutMs }, delivery.event);
    const now = clock.now();
    const settlement = settle(delivery, subscription, outcome, 'scheduled', now);
    // The attempt has happened: record it even if the store blinked meanwhile, or it would be sent again.
    const failures = await this.loop.throughOutage(() => subscriptions.settleDelivery(lease, settlement, now), leaseEnds);
    metrics.eventDeliveries.inc({ result: outcome.attempt.succeeded ? 'succeeded' : settlement.retryAt === null ? 'failed' : 'retried' });
    metrics.eventDeliveryLatency.observe(outcome.attempt.durationMs / 1000);
    if (failures === null) {
      logger.warn({ deliveryId: delivery.id }, 'delivery: lease lost before settling; another worker owns it');
      return;
    }
    if (outcome.gone) await this.disable(subscription, 'gone', now);
    else if (failures >= this.options.circuitBreakerFailures) await this.disable(subscription, 'failing', now);
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
    });
    await store.appendEvents(subscription.botId, [event]);
    logger.warn({ subscriptionId: subscription.id, reason }, 'subscription disabled');
  }
}
