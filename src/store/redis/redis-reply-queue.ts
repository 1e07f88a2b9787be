import { redisKeys, type RedisKeys } from '../redis-keys.ts';
import type { ReplyLease, ReplyQueue, ReplyQueueDepth, SettleRequest } from '../store.ts';
import type { Reply } from '../../domain/types.ts';
import { newLeasePrefix } from '../reply-claims.ts';
import { Waiters } from '../waiters.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';
import { claimBots, claimLanes, releaseBot, settleLane } from './scripts.ts';

export interface RedisReplyQueueOptions {
  prefix: string;
  eventRetention: number;
  /** The schedulers' signal (RedisSignals.signal). */
  signal?: (botId: string, at: number, what: { replies?: boolean; events?: boolean }) => Promise<unknown>;
}

/**
 * The reply queue on Redis. Lanes, their due times and leases live under the bot's hash tag and
 * change together with the inbound write; the scheduler (one sorted set of bot ids) only says
 * which bots to look at, and a lost signal is repaired by `reconcile`.
 */
export class RedisReplyQueue implements ReplyQueue {
  private readonly k: RedisKeys;
  private readonly client: RedisClient;
  private readonly subscriber: RedisClient | null;
  private readonly options: RedisReplyQueueOptions;
  private readonly waiters = new Waiters();
  private subscribed: Promise<void> | null = null;

  /** `subscriber` is a second connection for wake-up signals (pub/sub needs its own). */
  constructor(client: RedisClient, subscriber: RedisClient | null, options: RedisReplyQueueOptions) {
    this.client = client;
    this.subscriber = subscriber;
    this.options = options;
    this.k = redisKeys(options.prefix);
  }

  /** Wakes this process's waiting workers (the Redis side is RedisSignals). */
  wakeLocal = (): void => {
    this.wake();
  };

  claimBots(now: number, limit: number, leaseMs: number): Promise<{ botId: string; lease: number }[]> {
    return guard(async () => {
      const flat = await claimBots(this.client, [this.k.replySchedule], [now, limit, now + leaseMs]);
      const out: { botId: string; lease: number }[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push({ botId: flat[i]!, lease: Number(flat[i + 1]) });
      return out;
    });
  }

  claimLanes(botId: string, now: number, limit: number, leaseMs: number): Promise<ReplyLease[]> {
    return guard(async () => {
      const flat = await claimLanes(
        this.client,
        [this.k.due(botId), this.k.leases(botId)],
        [now, limit, now + leaseMs, newLeasePrefix(), this.k.lane(botId, ''), this.k.message(botId, '')],
      );
      const out: ReplyLease[] = [];
      for (let i = 0; i < flat.length; i += 3) {
        out.push({ botId, lane: flat[i]!, leaseId: flat[i + 1]!, message: JSON.parse(flat[i + 2]!) as Reply });
      }
      return out;
    });
  }

  settle(lease: ReplyLease, request: SettleRequest, now: number): Promise<boolean> {
    return guard(async () => {
      const { botId, lane } = lease;
      const settled = await settleLane(
        this.client,
        [this.k.due(botId), this.k.leases(botId), this.k.lane(botId, lane), this.k.message(botId, request.message.id), this.k.events(botId)],
        [
          lane,
          lease.leaseId,
          request.message.id,
          JSON.stringify(request.message),
          request.outcome,
          request.retryAt ?? now,
          now,
          this.options.eventRetention,
          ...request.events.map((e) => JSON.stringify(e)),
        ],
      );
      if (settled === 1 && request.events.length) await this.options.signal?.(botId, now, { events: true });
      return settled === 1;
    });
  }

  releaseBot(botId: string, lease: number): Promise<void> {
    return guard(async () => {
      // Read the next due time before the compare-and-set: a lane queued after this read also
      // signals the scheduler, which changes the score and makes the compare fail.
      const next = (await this.client.sendCommand(['ZRANGE', this.k.due(botId), '0', '0', 'WITHSCORES'])) as unknown[];
      const nextDue = next.length ? String(scoreOf(next)) : '';
      await releaseBot(this.client, [this.k.replySchedule], [botId, lease, nextDue]);
    });
  }

  depth(now: number): Promise<ReplyQueueDepth> {
    return guard(async () => {
      const [scheduledBots, dueBots] = await Promise.all([
        this.client.zCard(this.k.replySchedule),
        this.client.zCount(this.k.replySchedule, '-inf', now),
      ]);
      return { scheduledBots, dueBots };
    });
  }

  reconcile(now: number): Promise<number> {
    return guard(async () => {
      let scheduled = 0;
      for await (const batch of this.client.sScanIterator(this.k.allBots, { COUNT: 500 })) {
        const firsts = await Promise.all(
          batch.map((botId) => this.client.sendCommand(['ZRANGE', this.k.due(botId), '0', '0', 'WITHSCORES']) as Promise<unknown[]>),
        );
        const due = batch.flatMap((botId, i) => (firsts[i]!.length ? [{ botId, score: Math.min(scoreOf(firsts[i]!), now) }] : []));
        await Promise.all(
          due.map(({ botId, score }) => this.client.zAdd(this.k.replySchedule, { score, value: botId }, { LT: true })),
        );
        scheduled += due.length;
      }
      return scheduled;
    });
  }

  async waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.subscriber && !this.subscribed) {
      this.subscribed = this.subscriber.subscribe(this.k.replyWakeChannel, () => this.wake()).catch(() => {
        this.subscribed = null;
      });
    }
    await this.waiters.wait(timeoutMs, signal);
  }

  private wake(): void {
    this.waiters.wakeAll();
  }
}

/** The score of a ZRANGE … WITHSCORES reply of one member, in RESP2 or RESP3 shape. */
function scoreOf(reply: unknown[]): number {
  const first = reply[0];
  return Array.isArray(first) ? Number(first[1]) : Number(reply[1]);
}
