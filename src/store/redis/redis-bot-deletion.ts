import type { Bot } from '../../domain/types.ts';
import type { Schedulers } from '../../scheduling/bot-scheduler.ts';
import { lexMember } from '../cursor.ts';
import type { RedisKeys } from '../redis-keys.ts';
import type { RedisClient } from './run-script.ts';

/**
 * The config version of a bot being deleted. No call was evaluated against it, so accept-inbound's
 * version check refuses every write from the mark on (`stale`: the route reloads, finds nothing, 404),
 * and load-hook's readers treat it as a missing block.
 */
export const DELETED_VERSION = 'deleted';

/** Keys per SCAN page, and so at most per UNLINK: the sweep never blocks Redis for long. */
const SWEEP_BATCH = 500;

/** What the sweep needs once the bot's own record is gone: where it was listed. */
interface DeletionRecord {
  workspaceId: string;
  member: string;
}

/** How many UNLINK batches a sweep may still spend (tests cut a sweep short with it). */
interface Budget {
  left: number;
}

/**
 * Deleting a bot on Redis: a mark, then a sweep. The mark (atomic on the bot's slot) poisons its
 * config version and drops what makes it visible or gives workers work: its record, due and lease
 * indexes, event stream and subscriptions. The sweep then UNLINKs every key under the bot's hash tag
 * in bounded batches. The bot stays in `deletingBots` until the sweep ends, so a sweep cut short (a
 * crash) is finished by any process's next sweep.
 */
export class RedisBotDeletion {
  private readonly client: RedisClient;
  private readonly k: RedisKeys;
  private readonly schedulers: Schedulers;
  private readonly forgetWebhooks: (webhookIds: string[]) => void;

  constructor(client: RedisClient, k: RedisKeys, schedulers: Schedulers, forgetWebhooks: (webhookIds: string[]) => void) {
    this.client = client;
    this.k = k;
    this.schedulers = schedulers;
    this.forgetWebhooks = forgetWebhooks;
  }

  async mark(bot: Bot): Promise<void> {
    const record: DeletionRecord = { workspaceId: bot.workspaceId, member: lexMember(bot.createdAt, bot.id) };
    // Recorded before the mark: whatever happens next, some sweep finishes it.
    await this.client.hSet(this.k.deletingBots, bot.id, JSON.stringify(record));
    await this.seal(bot.id, record);
  }

  /** Sweeps every bot marked deleted; true when none is left. */
  async sweepAll(options: { maxBatches?: number } = {}): Promise<boolean> {
    const budget: Budget = { left: options.maxBatches ?? Number.POSITIVE_INFINITY };
    const pending = (await this.client.hGetAll(this.k.deletingBots)) as Record<string, string>;
    for (const [botId, raw] of Object.entries(pending)) {
      if (!(await this.sweep(botId, JSON.parse(raw) as DeletionRecord, budget))) return false;
    }
    return true;
  }

  /** Sweeps one bot (the one just marked: the caller does not wait for it). */
  async sweepOne(botId: string): Promise<void> {
    const raw = await this.client.hGet(this.k.deletingBots, botId);
    if (raw) await this.sweep(botId, JSON.parse(raw) as DeletionRecord, { left: Number.POSITIVE_INFINITY });
  }

  /** The mark, idempotent: a resumed sweep repeats it in case the crash came before it was complete. */
  private async seal(botId: string, record: DeletionRecord): Promise<void> {
    const k = this.k;
    await this.client
      .multi()
      .addCommand(['SET', k.configVersion(botId), DELETED_VERSION])
      .addCommand([
        'UNLINK',
        k.bot(botId),
        k.due(botId),
        k.leases(botId),
        k.events(botId),
        k.subscriptions(botId),
        k.deliveryDue(botId),
        k.deliveryLeases(botId),
      ])
      .exec();
    const webhookIds = (await this.client.zRange(k.webhooks(botId), 0, -1)).map((m) => m.slice(m.indexOf('|') + 1));
    // The indexes that lead to the bot, each in a slot of its own (on a cluster, in no set order):
    // removing one twice is harmless, and the bot stays in deletingBots until the sweep ends, so a
    // removal cut short is done again by the next sweep's seal.
    await Promise.all([
      this.client.zRem(k.workspaceBots(record.workspaceId), record.member),
      this.client.sRem(k.allBots, botId),
      this.schedulers.replies.remove(botId),
      this.schedulers.events.remove(botId),
      ...webhookIds.map((w) => this.client.del(k.webhookIndex(w))),
    ]);
    this.forgetWebhooks(webhookIds);
  }

  /**
   * UNLINKs the bot's keys page by page, the config version last (it keeps refusing writes until
   * nothing else is left). They share the bot's hash tag: on a cluster the SCAN runs on the master
   * of its slot (src/store/redis/client.ts). Passes repeat until one finds nothing: a write already under way at the
   * mark (a worker's settlement) may land behind a pass. False when the budget ran out first.
   */
  private async sweep(botId: string, record: DeletionRecord, budget: Budget): Promise<boolean> {
    await this.seal(botId, record);
    const version = this.k.configVersion(botId);
    for (;;) {
      let removed = 0;
      for await (const keys of this.client.scanIterator({ MATCH: this.k.botPattern(botId), COUNT: SWEEP_BATCH })) {
        const batch = keys.filter((key) => key !== version);
        if (!batch.length) continue;
        if (budget.left <= 0) return false;
        budget.left -= 1;
        removed += await this.client.unlink(batch);
      }
      if (removed === 0) break;
    }
    await this.client.del(version);
    await this.client.hDel(this.k.deletingBots, botId);
    return true;
  }
}
