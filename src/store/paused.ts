import { isoTime } from '../lib/clock.ts';
import type { Delivery } from './subscriptions.ts';

/** A paused delivery as `releasePaused` leaves it: queued now (`resume`) or closed (`discard`). */
export function releasedDelivery(d: Delivery, action: 'resume' | 'discard', now: number): Delivery {
  const at = isoTime(now);
  return action === 'resume'
    ? { ...d, status: 'pending', nextAttemptAt: at, updatedAt: at }
    : { ...d, status: 'discarded', nextAttemptAt: null, updatedAt: at };
}

/** A delivery of a disabled subscription as it waits (`paused`) or as the dead letter keeps it. */
export function parkedDelivery(d: Delivery, status: 'paused' | 'dead-lettered', now: number): Delivery {
  return { ...d, status, nextAttemptAt: null, updatedAt: isoTime(now) };
}
