import { isoTime } from '../lib/clock.ts';
import type { Delivery } from './subscriptions.ts';

/** A paused delivery as `releasePaused` leaves it: queued now (`resume`) or closed (`discard`). */
export function releasedDelivery(d: Delivery, action: 'resume' | 'discard', now: number): Delivery {
  const at = isoTime(now);
  return action === 'resume'
    ? { ...d, status: 'pending', nextAttemptAt: at, updatedAt: at }
    : { ...d, status: 'discarded', nextAttemptAt: null, updatedAt: at };
}
