import type { BotClaim, BotDue, BotScheduler, ScheduledWork, SchedulerDepth } from './bot-scheduler.ts';

/**
 * The scheduling side of a queue whose work is spread over bots, written once for the reply queue
 * and the subscription store on both backends: the scheduler says which bots to look at, the
 * queue (a subclass) says when a bot's work is next due and which bots have any.
 */
export abstract class ScheduledBots implements ScheduledWork {
  protected readonly scheduler: BotScheduler;

  protected constructor(scheduler: BotScheduler) {
    this.scheduler = scheduler;
  }

  /** When the bot's work is next due, or null when it has none. */
  protected abstract nextDue(botId: string, now: number): Promise<number | null>;

  /** Every bot that has work, with when it is due, in batches. */
  protected abstract dueBots(now: number): AsyncIterable<BotDue[]>;

  claimBots(now: number, limit: number, leaseMs: number): Promise<BotClaim[]> {
    return this.scheduler.claim(now, limit, leaseMs);
  }

  async releaseBot(botId: string, lease: number, now: number): Promise<void> {
    // Read the next due time before the compare-and-set: work queued after this read also signals
    // the scheduler, which changes the bot's time and makes the compare fail.
    await this.scheduler.release(botId, lease, await this.nextDue(botId, now));
  }

  async reconcile(now: number): Promise<number> {
    // Bots left by another partition layout first: their due times and leases are kept.
    let scheduled = await this.scheduler.adopt();
    for await (const batch of this.dueBots(now)) {
      await this.scheduler.reschedule(batch);
      scheduled += batch.length;
    }
    return scheduled;
  }

  depth(now: number): Promise<SchedulerDepth> {
    return this.scheduler.depth(now);
  }

  waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.scheduler.waitForWork(timeoutMs, signal);
  }
}
