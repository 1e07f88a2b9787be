import type { BotClaim, BotDue, BotScheduler, SchedulerDepth, Schedulers } from './bot-scheduler.ts';
import { Waiters } from './waiters.ts';

/** A bot scheduler in process memory, with the Redis one's semantics (leases, compare-and-set, only earlier). */
export class MemoryBotScheduler implements BotScheduler {
  private readonly times = new Map<string, number>();
  private readonly waiters = new Waiters();

  /** Moves a bot earlier (never later) and wakes the waiting workers. */
  signal(botId: string, at: number): void {
    this.moveEarlier(botId, at);
    this.waiters.wakeAll();
  }

  async claim(now: number, limit: number, leaseMs: number): Promise<BotClaim[]> {
    const due = [...this.times]
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit);
    const lease = now + leaseMs + 0.5;
    return due.map(([botId]) => {
      this.times.set(botId, lease);
      return { botId, lease };
    });
  }

  async release(botId: string, lease: number, nextDue: number | null): Promise<void> {
    if (this.times.get(botId) === lease) {
      if (nextDue === null) this.times.delete(botId);
      else this.times.set(botId, nextDue);
    } else if (nextDue !== null) {
      this.moveEarlier(botId, nextDue);
    }
  }

  async reschedule(bots: BotDue[]): Promise<void> {
    for (const { botId, at } of bots) this.moveEarlier(botId, at);
  }

  async remove(botId: string): Promise<void> {
    this.times.delete(botId);
  }

  async depth(now: number): Promise<SchedulerDepth> {
    let dueBots = 0;
    for (const at of this.times.values()) if (at <= now) dueBots += 1;
    return { scheduledBots: this.times.size, dueBots };
  }

  waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(timeoutMs, signal);
  }

  private moveEarlier(botId: string, at: number): void {
    const current = this.times.get(botId);
    if (current === undefined || at < current) this.times.set(botId, at);
  }
}

/** The memory backend's reply and event schedulers. */
export function memorySchedulers(): Schedulers {
  const replies = new MemoryBotScheduler();
  const events = new MemoryBotScheduler();
  return {
    replies,
    events,
    signal: async (botId, at, targets) => {
      if (targets.replies) replies.signal(botId, at);
      if (targets.events) events.signal(botId, at);
    },
  };
}
