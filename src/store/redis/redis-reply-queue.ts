import type { ChannelAccount, Reply } from '../../domain/types.ts';
import type { BotDue, Schedulers } from '../../scheduling/bot-scheduler.ts';
import { ScheduledBots } from '../../scheduling/scheduled-bots.ts';
import { changeKeep } from '../activity.ts';
import { type RedisKeys, redisKeys } from '../redis-keys.ts';
import { newLeasePrefix } from '../reply-claims.ts';
import type { ReplyLease, ReplyQueue, Settlement, SettleRequest } from '../store.ts';
import { guard, toStoreError } from './errors.ts';
import type { RedisClient } from './run-script.ts';
import { claimLanes, settleLane } from './scripts.ts';

export interface RedisReplyQueueOptions {
  prefix: string;
  eventRetention: number;
  schedulers: Schedulers;
  /** Sizes the webhooks' change streams that each reply state is appended to (src/store/activity.ts). */
  activityLimit?: number;
  /**
   * The bot's keys can be on another node for a moment (a Redis Cluster moving a slot): a claim
   * looks again later at a lane it cannot read instead of dropping it (claim-lanes-3.lua).
   */
  redisCluster?: boolean;
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
  /** Entries a webhook's change stream keeps (from the activity limit). */
  private readonly changesKeep: number;
  private lastAccount: { json: string; account: ChannelAccount } | null = null;

  constructor(client: RedisClient, options: RedisReplyQueueOptions) {
    super(options.schedulers.replies);
    this.client = client;
    this.options = options;
    this.k = redisKeys(options.prefix);
    this.changesKeep = changeKeep(options.activityLimit ?? 1000);
  }

  claimLanes(botId: string, now: number, limit: number, leaseMs: number): Promise<ReplyLease[]> {
    return guard(async () => {
      const k = this.k;
      const flat = await claimLanes(
        this.client,
        [k.due(botId), k.leases(botId), k.channels(botId)],
        [
          now,
          limit,
          now + leaseMs,
          newLeasePrefix(),
          k.lane(botId, ''),
          k.message(botId, ''),
          k.activityChanges(botId, ''),
          this.changesKeep,
          this.options.redisCluster ? '1' : '',
        ],
      );
      const out: ReplyLease[] = [];
      for (let i = 0; i < flat.length; i += 4) {
        const lane = flat[i]!;
        out.push({ botId, lane, leaseId: flat[i + 1]!, message: JSON.parse(flat[i + 2]!) as Reply, account: this.account(flat[i + 3]!) });
      }
      return out;
    });
  }

  settle(lease: ReplyLease, request: SettleRequest, now: number): Promise<Settlement> {
    return guard(async () => {
      const { botId, lane } = lease;
      const { message } = request;
      const result = await settleLane(
        this.client,
        [
          this.k.due(botId),
          this.k.leases(botId),
          this.k.lane(botId, lane),
          this.k.message(botId, message.id),
          this.k.events(botId),
          this.k.subscriptions(botId),
        ],
        [
          lane,
          lease.leaseId,
          message.id,
          JSON.stringify(message),
          request.outcome,
          request.retryAt ?? now,
          now,
          message.webhookId === '' ? '' : this.k.activityChanges(botId, message.webhookId),
          message.requestId,
          this.changesKeep,
          ...request.events.map((e) => JSON.stringify(e)),
        ],
      );
      // Events of a bot without subscriptions wait for the dispatcher's next look (it passes them).
      if (result & 2) await this.options.schedulers.signal(botId, now, { events: true });
      return { settled: (result & 1) === 1, laneDueNow: (result & 4) === 4 };
    });
  }

  /** An account as claim-lanes returned it ('' = gone); consecutive lanes of one account parse it once. */
  private account(json: string): ChannelAccount | null {
    if (json === '') return null;
    if (json !== this.lastAccount?.json) this.lastAccount = { json, account: JSON.parse(json) as ChannelAccount };
    return this.lastAccount.account;
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
