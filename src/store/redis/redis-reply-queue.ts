import type { Reply } from '../../domain/types.ts';
import type { BotDue, Schedulers } from '../../scheduling/bot-scheduler.ts';
import { ScheduledBots } from '../../scheduling/scheduled-bots.ts';
import { type RedisKeys, redisKeys } from '../redis-keys.ts';
import { newLeasePrefix } from '../reply-claims.ts';
import type { ReplyLease, ReplyQueue, SettleRequest } from '../store.ts';
import { guard, toStoreError } from './errors.ts';
import { appendReplyChanges } from './redis-activity.ts';
import type { RedisClient } from './run-script.ts';
import { claimLanes, settleLane } from './scripts.ts';

export interface RedisReplyQueueOptions {
  prefix: string;
  eventRetention: number;
  schedulers: Schedulers;
  /** Sizes the webhooks' change streams that each reply state is appended to (src/store/activity.ts). */
  activityLimit?: number;
}

/**
 * The reply queue on Redis. Lanes, their due times and leases live under the bot's hash tag and
 * change together with the inbound write; the reply scheduler only says which bots to look at, and
 * a lost signal is repaired by `reconcile`.
 */
export class RedisReplyQueue extends ScheduledBots implements ReplyQueue {
  private readonly k: RedisKeys;
  private readonly client: RedisClient;
  private readonly options: RedisReplyQueueOptions;

  constructor(client: RedisClient, options: RedisReplyQueueOptions) {
    super(options.schedulers.replies);
    this.client = client;
    this.options = options;
    this.k = redisKeys(options.prefix);
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
      if (out.length) await this.noteChanges(out.map(({ message }) => ({ message, status: 'sending' })));
      return out;
    });
  }

  settle(lease: ReplyLease, request: SettleRequest, now: number): Promise<boolean> {
    return guard(async () => {
      const { botId, lane } = lease;
      const settled = await settleLane(
        this.client,
        [
          this.k.due(botId),
          this.k.leases(botId),
          this.k.lane(botId, lane),
          this.k.message(botId, request.message.id),
          this.k.events(botId),
        ],
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
      if (settled === 1) await this.noteChanges([{ message: request.message }]);
      if (settled === 1 && request.events.length) await this.options.schedulers.signal(botId, now, { events: true });
      return settled === 1;
    });
  }

  /**
   * The reply states live views follow, appended after the write that made them: a failure here
   * must not undo a claim or a settlement (a live view then misses that one state).
   */
  private async noteChanges(changes: { message: Reply; status?: string }[]): Promise<void> {
    await appendReplyChanges(this.client, this.k, this.options.activityLimit ?? 1000, changes).catch(() => {});
  }

  /** The bot's earliest lane due time (a leased lane's is its lease's end). */
  protected nextDue(botId: string): Promise<number | null> {
    return guard(async () => firstScore(await this.firstLane(botId)));
  }

  /** Bots with lanes queued, due at their earliest lane (no later than now: reconcile repairs). */
  protected async *dueBots(now: number): AsyncIterable<BotDue[]> {
    try {
      for await (const batch of this.client.sScanIterator(this.k.allBots, { COUNT: 500 })) {
        // One round trip per batch (pipelined).
        const firsts = await Promise.all(batch.map((botId) => this.firstLane(botId)));
        const due: BotDue[] = [];
        batch.forEach((botId, i) => {
          const first = firstScore(firsts[i]!);
          if (first !== null) due.push({ botId, at: Math.min(first, now) });
        });
        yield due;
      }
    } catch (err) {
      throw toStoreError(err);
    }
  }

  /** The bot's earliest lane with its due time (ZRANGE … WITHSCORES). */
  private firstLane(botId: string): Promise<unknown[]> {
    return this.client.sendCommand(['ZRANGE', this.k.due(botId), '0', '0', 'WITHSCORES']) as Promise<unknown[]>;
  }
}

/** The score of a ZRANGE … WITHSCORES reply of one member, in RESP2 or RESP3 shape; null when empty. */
function firstScore(reply: unknown[]): number | null {
  if (reply.length === 0) return null;
  const first = reply[0];
  return Array.isArray(first) ? Number(first[1]) : Number(reply[1]);
}
