import { guard } from '../store/redis/errors.ts';
import type { RedisClient } from '../store/redis/run-script.ts';
import { claimBots, releaseBot, signalBots } from '../store/redis/scripts.ts';
import type { RedisKeys } from '../store/redis-keys.ts';
import type { BotClaim, BotDue, BotScheduler, SchedulerDepth, Schedulers } from './bot-scheduler.ts';
import { Waiters } from './waiters.ts';

/** Where a Redis scheduler keeps its bots and announces that one moved. */
export interface RedisScheduleNames {
  /** Sorted set: bot id → when its work is next due, or a worker's lease. */
  key: string;
  /** Pub/sub channel a signal publishes on when it moved a bot. */
  wakeChannel: string;
}

/** A bot scheduler on one Redis sorted set, waking the workers of every process through pub/sub. */
class RedisBotScheduler implements BotScheduler {
  readonly names: RedisScheduleNames;
  private readonly client: RedisClient;
  private readonly subscriber: RedisClient | null;
  private readonly waiters = new Waiters();
  private subscribed: Promise<void> | null = null;

  /** `subscriber` is a second connection for the wake-up channel (pub/sub needs its own); null: poll only. */
  constructor(client: RedisClient, subscriber: RedisClient | null, names: RedisScheduleNames) {
    this.client = client;
    this.subscriber = subscriber;
    this.names = names;
  }

  claim(now: number, limit: number, leaseMs: number): Promise<BotClaim[]> {
    return guard(async () => {
      const flat = await claimBots(this.client, [this.names.key], [now, limit, now + leaseMs]);
      const out: BotClaim[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push({ botId: flat[i]!, lease: Number(flat[i + 1]) });
      return out;
    });
  }

  release(botId: string, lease: number, nextDue: number | null): Promise<void> {
    return guard(async () => {
      await releaseBot(this.client, [this.names.key], [botId, lease, nextDue === null ? '' : String(nextDue)]);
    });
  }

  reschedule(bots: BotDue[]): Promise<void> {
    return guard(async () => {
      // Pipelined: one round trip for the batch.
      await Promise.all(bots.map(({ botId, at }) => this.client.zAdd(this.names.key, { score: at, value: botId }, { LT: true })));
    });
  }

  remove(botId: string): Promise<void> {
    return guard(async () => {
      await this.client.zRem(this.names.key, botId);
    });
  }

  depth(now: number): Promise<SchedulerDepth> {
    return guard(async () => {
      const { key } = this.names;
      const [scheduledBots, dueBots] = await Promise.all([this.client.zCard(key), this.client.zCount(key, '-inf', now)]);
      return { scheduledBots, dueBots };
    });
  }

  async waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.subscriber && !this.subscribed) {
      this.subscribed = this.subscriber
        .subscribe(this.names.wakeChannel, () => this.wakeLocal())
        .catch(() => {
          this.subscribed = null;
        });
    }
    await this.waiters.wait(timeoutMs, signal);
  }

  /** Wakes this process's waiting workers at once, without waiting for the signal's pub/sub echo. */
  wakeLocal(): void {
    this.waiters.wakeAll();
  }
}

/**
 * The Redis backend's reply and event schedulers. Their keys share the `{sched}` hash slot, so the
 * signal after a write moves a bot on both in one script call: the inbound route sends it in the
 * same round trip as its write.
 */
export function redisSchedulers(client: RedisClient, subscriber: RedisClient | null, keys: RedisKeys): Schedulers {
  const replies = new RedisBotScheduler(client, subscriber, { key: keys.replySchedule, wakeChannel: keys.replyWakeChannel });
  const events = new RedisBotScheduler(client, subscriber, { key: keys.eventSchedule, wakeChannel: keys.eventWakeChannel });
  return {
    replies,
    events,
    signal: async (botId, at, targets) => {
      if (!targets.replies && !targets.events) return;
      // Reaches sendCommand before its first await: a caller that wrote just before shares the round trip.
      await guard(() =>
        signalBots(
          client,
          [replies.names.key, events.names.key],
          [botId, at, targets.replies ? '1' : '0', targets.events ? '1' : '0', replies.names.wakeChannel, events.names.wakeChannel],
        ),
      );
      if (targets.replies) replies.wakeLocal();
      if (targets.events) events.wakeLocal();
    },
  };
}
