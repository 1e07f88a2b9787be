import type { BotDue, SchedulerDepth, Schedulers } from './bot-scheduler.ts';
import {
  type PartitionClaimed,
  PartitionedBotScheduler,
  type PartitionedSchedulerOptions,
  type PartitionRequest,
  type StrayClaim,
} from './partitioned-scheduler.ts';
import { DEFAULT_SCHEDULER_PARTITIONS } from './partitions.ts';

/**
 * A bot scheduler in process memory, with the Redis one's semantics (partitions claimed fairly,
 * leases, compare-and-set, only earlier): one map per partition.
 */
export class MemoryBotScheduler extends PartitionedBotScheduler {
  private readonly times: Map<string, number>[];

  constructor(options: Partial<PartitionedSchedulerOptions> = {}) {
    super({ ...options, partitions: options.partitions ?? DEFAULT_SCHEDULER_PARTITIONS });
    this.times = Array.from({ length: this.partitions }, () => new Map<string, number>());
  }

  /** Moves a bot earlier (never later) and wakes the waiting workers. */
  signal(botId: string, at: number): void {
    const partition = this.partitionOf(botId);
    moveEarlier(this.times[partition]!, botId, at);
    this.woken(partition, at);
  }

  protected async claimIn(requests: readonly PartitionRequest[], now: number, leaseMs: number): Promise<PartitionClaimed[]> {
    const lease = now + leaseMs + 0.5;
    return requests.map(({ partition, limit }) => {
      const times = this.times[partition]!;
      const due = [...times]
        .filter(([, at]) => at <= now)
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit);
      for (const [botId] of due) times.set(botId, lease);
      let next: number | null = null;
      for (const at of times.values()) if (next === null || at < next) next = at;
      return { claims: due.map(([botId]) => ({ botId, lease })), next };
    });
  }

  protected async releaseIn(partition: number, botId: string, lease: number, nextDue: number | null): Promise<void> {
    const times = this.times[partition]!;
    if (times.get(botId) === lease) {
      if (nextDue === null) times.delete(botId);
      else times.set(botId, nextDue);
    } else if (nextDue !== null) {
      moveEarlier(times, botId, nextDue);
    }
  }

  protected async rescheduleIn(groups: ReadonlyMap<number, BotDue[]>): Promise<void> {
    for (const [partition, bots] of groups) for (const { botId, at } of bots) moveEarlier(this.times[partition]!, botId, at);
  }

  protected async rehome(strays: readonly StrayClaim[], now: number): Promise<void> {
    for (const { botId, from, lease } of strays) {
      moveEarlier(this.times[this.partitionOf(botId)]!, botId, now);
      if (this.times[from]!.get(botId) === lease) this.times[from]!.delete(botId);
    }
  }

  protected async removeIn(partition: number, botId: string): Promise<void> {
    this.times[partition]!.delete(botId);
  }

  async depth(now: number): Promise<SchedulerDepth> {
    let scheduledBots = 0;
    let dueBots = 0;
    for (const times of this.times) {
      scheduledBots += times.size;
      for (const at of times.values()) if (at <= now) dueBots += 1;
    }
    return { scheduledBots, dueBots };
  }

  /** One process's memory holds one layout: nothing to adopt. */
  async adopt(): Promise<number> {
    return 0;
  }

  /** Every signal is this process's own. */
  protected wakeUpsArrive(): boolean {
    return true;
  }
}

function moveEarlier(times: Map<string, number>, botId: string, at: number): void {
  const current = times.get(botId);
  if (current === undefined || at < current) times.set(botId, at);
}

/** The memory backend's reply and event schedulers. */
export function memorySchedulers(options: { partitions?: number } = {}): Schedulers {
  const replies = new MemoryBotScheduler(options);
  const events = new MemoryBotScheduler(options);
  return {
    replies,
    events,
    signal: async (botId, at, targets) => {
      if (targets.replies) replies.signal(botId, at);
      if (targets.events) events.signal(botId, at);
    },
  };
}
