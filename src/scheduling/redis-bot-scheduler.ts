import { guard } from '../store/redis/errors.ts';
import type { RedisClient } from '../store/redis/run-script.ts';
import { claimBots, releaseBot, signalBots } from '../store/redis/scripts.ts';
import type { RedisKeys } from '../store/redis-keys.ts';
import type { BotDue, SchedulerDepth, Schedulers } from './bot-scheduler.ts';
import { type PartitionClaimed, PartitionedBotScheduler, type PartitionRequest, type StrayClaim } from './partitioned-scheduler.ts';
import { DEFAULT_SCHEDULER_PARTITIONS } from './partitions.ts';
import { subscriberReady, subscribeWakeChannels, type WakeMode } from './wake-subscription.ts';

/** Where a Redis scheduler keeps its bots and announces that one moved. */
export interface RedisScheduleNames {
  /** Sorted set of a partition: bot id → when its work is next due, or a worker's lease. */
  key: (partition: number) => string;
  /** The partition's channel a signal publishes on when it moved a bot. */
  wakeChannel: (partition: number) => string;
  /** The single schedule from before partitions (read to move what it still holds). */
  legacyKey: string;
  /** Set of every partition count the schedulers have run with. */
  layoutsKey: string;
}

export interface RedisSchedulerOptions {
  /** HOOKGATE_SCHEDULER_PARTITIONS. */
  partitions?: number;
  recheckMs?: number;
}

/** Entries a resize moves per stray key and round trip. */
const ADOPT_BATCH = 500;

/**
 * A bot scheduler on one Redis sorted set per partition, waking the workers of every process
 * through each partition's (sharded) pub/sub channel.
 */
export class RedisBotScheduler extends PartitionedBotScheduler {
  readonly names: RedisScheduleNames;
  /** Per partition, computed once: the hot path only indexes them. */
  readonly keys: readonly string[];
  readonly channels: readonly string[];
  private readonly client: RedisClient;
  private readonly subscriber: RedisClient | null;
  private readonly channelPartitions: ReadonlyMap<string, number>;
  private subscribed: Promise<void> | null = null;
  private mode: WakeMode | null = null;
  private readonly onWake = (_message: string, channel: string) => {
    const partition = this.channelPartitions.get(channel);
    if (partition !== undefined) this.woken(partition);
  };

  /** `subscriber` is a second connection for the wake-up channels (pub/sub needs its own); null: poll only. */
  constructor(client: RedisClient, subscriber: RedisClient | null, names: RedisScheduleNames, options: RedisSchedulerOptions = {}) {
    super({ ...options, partitions: options.partitions ?? DEFAULT_SCHEDULER_PARTITIONS });
    this.client = client;
    this.subscriber = subscriber;
    this.names = names;
    const partitions = Array.from({ length: this.partitions }, (_, p) => p);
    this.keys = partitions.map(names.key);
    this.channels = partitions.map(names.wakeChannel);
    this.channelPartitions = new Map(this.channels.map((channel, p) => [channel, p]));
  }

  /** How other processes' wake-ups reach this one: null while not subscribed (polling). */
  get wakeMode(): WakeMode | null {
    return this.mode;
  }

  protected claimIn(requests: readonly PartitionRequest[], now: number, leaseMs: number): Promise<PartitionClaimed[]> {
    return guard(async () => {
      // Sent together: one round trip for every partition asked. A look (a claim of none) is a
      // plain read of the earliest entry, cheaper for Redis than a script.
      return Promise.all(
        requests.map(async ({ partition, limit }): Promise<PartitionClaimed> => {
          const key = this.keys[partition]!;
          if (limit === 0) {
            const [first] = await this.client.zRangeWithScores(key, 0, 0);
            return { claims: [], next: first ? first.score : null };
          }
          const [next, ...flat] = await claimBots(this.client, [key], [now, limit, now + leaseMs]);
          const claims = [];
          for (let i = 0; i < flat.length; i += 2) claims.push({ botId: flat[i]!, lease: Number(flat[i + 1]) });
          return { claims, next: next === '' ? null : Number(next) };
        }),
      );
    });
  }

  protected releaseIn(partition: number, botId: string, lease: number, nextDue: number | null): Promise<void> {
    return guard(async () => {
      await releaseBot(this.client, [this.keys[partition]!], [botId, lease, nextDue === null ? '' : String(nextDue)]);
    });
  }

  protected rescheduleIn(groups: ReadonlyMap<number, BotDue[]>): Promise<void> {
    return guard(async () => {
      // Pipelined: one round trip for the batch.
      const writes: Promise<unknown>[] = [];
      for (const [partition, bots] of groups) {
        const key = this.keys[partition]!;
        for (const { botId, at } of bots) writes.push(this.client.zAdd(key, { score: at, value: botId }, { LT: true }));
      }
      await Promise.all(writes);
    });
  }

  protected rehome(strays: readonly StrayClaim[], now: number): Promise<void> {
    return guard(async () => {
      await Promise.all(
        strays.flatMap(({ botId, from, lease }) => [
          this.client.zAdd(this.keys[this.partitionOf(botId)]!, { score: now, value: botId }, { LT: true }),
          // Our lease as the expected score, no next time: the entry goes unless a signal changed it.
          releaseBot(this.client, [this.keys[from]!], [botId, lease, '']),
        ]),
      );
    });
  }

  protected removeIn(partition: number, botId: string): Promise<void> {
    return guard(async () => {
      await this.client.zRem(this.keys[partition]!, botId);
    });
  }

  depth(now: number): Promise<SchedulerDepth> {
    return guard(async () => {
      const counts = await Promise.all(this.keys.map((key) => Promise.all([this.client.zCard(key), this.client.zCount(key, '-inf', now)])));
      let scheduledBots = 0;
      let dueBots = 0;
      for (const [scheduled, due] of counts) {
        scheduledBots += scheduled;
        dueBots += due;
      }
      return { scheduledBots, dueBots };
    });
  }

  /**
   * Registers this partition count, then moves every entry of the stray schedules (the single one
   * from before partitions, and partitions beyond this count that a larger count left) to its
   * bot's partition: its time moves earlier only there (ZADD LT), and the stray entry is removed
   * unless a signal changed it meanwhile (the next adopt moves it then). A lease moves as it is:
   * the bot comes due when it runs out, as it would have.
   */
  adopt(): Promise<number> {
    return guard(async () => {
      const { layoutsKey, legacyKey } = this.names;
      const [, counts] = await Promise.all([
        this.client.sAdd(layoutsKey, String(this.partitions)),
        this.client.sMembers(layoutsKey) as Promise<Iterable<string>>,
      ]);
      let largest = this.partitions;
      for (const count of counts) if (Number(count) > largest) largest = Number(count);
      let strays = [legacyKey];
      for (let p = this.partitions; p < largest; p++) strays.push(this.names.key(p));
      let moved = 0;
      while (strays.length > 0) {
        const batches = await Promise.all(strays.map((key) => this.client.zRangeWithScores(key, 0, ADOPT_BATCH - 1)));
        const entries = strays.flatMap((from, i) => batches[i]!.map(({ value, score }) => ({ from, botId: value, score })));
        await Promise.all(
          entries.map(({ botId, score }) => this.client.zAdd(this.keys[this.partitionOf(botId)]!, { score, value: botId }, { LT: true })),
        );
        const removed = await Promise.all(entries.map(({ from, botId, score }) => releaseBot(this.client, [from], [botId, score, ''])));
        for (const { botId, score } of entries) this.noteDue(this.partitionOf(botId), score);
        moved += entries.length;
        // A key goes round again while it gave a batch and lost something from it.
        strays = strays.filter((key) => entries.some((entry, i) => entry.from === key && removed[i] === 1));
      }
      return moved;
    });
  }

  protected wakeUpsArrive(): boolean {
    return this.mode !== null && this.subscriber !== null && subscriberReady(this.subscriber);
  }

  protected override listen(): void {
    if (!this.subscriber || this.subscribed) return;
    this.subscribed = subscribeWakeChannels(this.subscriber, this.channels, this.onWake).then(
      (mode) => {
        this.mode = mode;
      },
      () => {
        // Retried by the next wait; meanwhile the claims poll.
        this.subscribed = null;
      },
    );
  }

  /** A signal this process sent: its own workers wake at once, without waiting for the pub/sub echo. */
  signalled(partition: number, at: number): void {
    this.woken(partition, at);
  }
}

/**
 * The Redis backend's reply and event schedulers. A bot's partition of each has the same hash tag,
 * so the signal after a write moves it on both in one script call: the inbound route sends it in
 * the same round trip as its write.
 */
export function redisSchedulers(
  client: RedisClient,
  subscriber: RedisClient | null,
  keys: RedisKeys,
  options: RedisSchedulerOptions = {},
): Schedulers {
  const layoutsKey = keys.schedulerLayouts;
  const replies = new RedisBotScheduler(
    client,
    subscriber,
    { key: keys.replySchedule, wakeChannel: keys.replyWakeChannel, legacyKey: keys.legacyReplySchedule, layoutsKey },
    options,
  );
  const events = new RedisBotScheduler(
    client,
    subscriber,
    { key: keys.eventSchedule, wakeChannel: keys.eventWakeChannel, legacyKey: keys.legacyEventSchedule, layoutsKey },
    options,
  );
  // A process that only signals (HOOKGATE_ROLE=api) registers its partition count too, once, in the
  // round trip of its first signal: a worker on another count then finds the partitions it fills.
  let registered = false;
  return {
    replies,
    events,
    signal: async (botId, at, targets) => {
      if (!targets.replies && !targets.events) return;
      if (!registered) {
        registered = true;
        client.sAdd(layoutsKey, String(replies.partitions)).catch(() => {
          registered = false;
        });
      }
      const partition = replies.partitionOf(botId);
      // Reaches sendCommand before its first await: a caller that wrote just before shares the round trip.
      await guard(() =>
        signalBots(
          client,
          [replies.keys[partition]!, events.keys[partition]!],
          [botId, at, targets.replies ? '1' : '0', targets.events ? '1' : '0', replies.channels[partition]!, events.channels[partition]!],
        ),
      );
      if (targets.replies) replies.signalled(partition, at);
      if (targets.events) events.signalled(partition, at);
    },
  };
}
