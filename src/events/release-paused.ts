import type { Services } from '../services.ts';

/** How many paused deliveries one store call releases. */
const BATCH = 500;

/**
 * Releases every paused delivery of a subscription, batch by batch: `resume` queues them (it was
 * enabled again), `discard` closes them. Logged and counted; returns how many.
 */
export async function releaseAllPaused(
  services: Pick<Services, 'subscriptions' | 'clock' | 'metrics' | 'logger'>,
  botId: string,
  subscriptionId: string,
  action: 'resume' | 'discard',
): Promise<number> {
  let total = 0;
  for (;;) {
    const released = await services.subscriptions.releasePaused(botId, subscriptionId, action, services.clock.now(), BATCH);
    if (released === 0) break;
    total += released;
  }
  if (total > 0) {
    services.metrics.pausedDeliveriesReleased.inc({ action: action === 'resume' ? 'resumed' : 'discarded' }, total);
    services.logger.info({ botId, subscriptionId, count: total }, `paused deliveries ${action === 'resume' ? 'resumed' : 'discarded'}`);
  }
  return total;
}
