import type { BotEvent, JsonObject } from '../domain/types.ts';
import { isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Delivery, DeliverySettlement, Subscription } from '../store/subscriptions.ts';
import type { EventData } from './event-data.ts';
import type { AttemptOutcome } from './sender.ts';

/** Delay before retry `n` (1-based) on a schedule, with up to +10 % jitter; null when exhausted. */
function retryDelayMs(scheduleSeconds: readonly number[], failedAttempts: number, random: () => number = Math.random): number | null {
  const seconds = scheduleSeconds[failedAttempts - 1];
  if (seconds === undefined) return null;
  return Math.round(seconds * 1000 * (1 + random() * 0.1));
}

/** How an attempt leaves its delivery: succeeded, failed for good, or due again at `retryAt`. */
export function settle(
  delivery: Delivery,
  subscription: Subscription,
  outcome: AttemptOutcome,
  trigger: 'scheduled' | 'manual' | 'test',
  now: number,
): DeliverySettlement {
  const number = delivery.attempts.length + 1;
  const scheduledFailures =
    delivery.attempts.filter((a) => a.trigger === 'scheduled' && !a.succeeded).length + (trigger === 'scheduled' ? 1 : 0);
  let retryAt: number | null = null;
  if (!outcome.attempt.succeeded && !outcome.gone && !outcome.permanent && trigger === 'scheduled') {
    const delay = retryDelayMs(subscription.retry.scheduleSeconds, scheduledFailures);
    if (delay !== null) retryAt = now + Math.max(delay, outcome.retryAfterMs ?? 0);
  }
  if (trigger === 'manual' && !outcome.attempt.succeeded && delivery.status === 'pending' && delivery.nextAttemptAt) {
    // A manual attempt does not cancel a scheduled retry that is still to come.
    retryAt = Date.parse(delivery.nextAttemptAt);
  }
  // A paused delivery tried by hand stays paused unless the attempt succeeded.
  const unsent = trigger !== 'scheduled' && delivery.status === 'paused' ? 'paused' : 'failed';
  const status = outcome.attempt.succeeded ? 'succeeded' : retryAt !== null ? 'pending' : unsent;
  const attempt = { ...outcome.attempt, number, trigger, nextAttemptAt: retryAt === null ? null : isoTime(retryAt) };
  const updated: Delivery = {
    ...delivery,
    status,
    attempts: [...delivery.attempts, attempt].slice(-50),
    nextAttemptAt: attempt.nextAttemptAt,
    updatedAt: isoTime(now),
  };
  const exhausted = status === 'failed' && trigger === 'scheduled';
  const events = exhausted
    ? [
        botEvent(delivery.botId, 'delivery.exhausted', now, {
          deliveryId: delivery.id,
          subscriptionId: subscription.id,
          eventId: delivery.event.id,
          eventType: delivery.event.type,
          attempts: updated.attempts.length,
          lastError: attempt.error,
        } satisfies EventData<'delivery.exhausted'>),
      ]
    : [];
  const health = trigger !== 'scheduled' ? 'none' : outcome.attempt.succeeded ? 'success' : 'failure';
  return { delivery: updated, retryAt, events, health };
}

/**
 * A circuit breaker probe that failed: the delivery waits (paused, no `delivery.exhausted`
 * whatever its schedule says) and is the next probe, at `nextProbeAt`.
 */
export function probeFailed(s: DeliverySettlement, nextProbeAt: number): DeliverySettlement {
  const at = isoTime(nextProbeAt);
  const attempts = s.delivery.attempts.map((a, i, all) => (i === all.length - 1 ? { ...a, nextAttemptAt: at } : a));
  const delivery: Delivery = { ...s.delivery, status: 'paused', attempts, nextAttemptAt: at };
  return { delivery, retryAt: nextProbeAt, events: [], health: 'failure', probeUntil: nextProbeAt };
}

/** An event the gateway publishes about its own deliveries. */
export function botEvent(botId: string, type: string, now: number, data: JsonObject): BotEvent {
  return { id: newId('evt'), botId, type, environment: 'production', createdAt: isoTime(now), data };
}
