import type { LiveChatEntry, LiveChatStore } from '../livechat.ts';
import { LIVECHAT_KEEP } from '../livechat.ts';
import { type RedisKeys, redisKeys } from '../redis-keys.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';
import { appendLiveChat } from './scripts.ts';

type StreamEntry = [string, string[]];

/**
 * Live chat logs as Redis streams under the bot's hash tag, with a pub/sub notice per append so
 * every API instance holding that contact's stream pushes at once.
 */
export class RedisLiveChat implements LiveChatStore {
  private readonly client: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly prefix: string;
  private readonly k: RedisKeys;
  private readonly listeners = new Map<string, Set<() => void>>();
  private subscribed: Promise<void> | null = null;

  constructor(client: RedisClient, subscriber: RedisClient, prefix: string) {
    this.client = client;
    this.subscriber = subscriber;
    this.prefix = prefix;
    this.k = redisKeys(prefix);
  }

  private key(botId: string, accountId: string, contact: string): string {
    return `${this.prefix}:bot:{${botId}}:live:${accountId}:${contact}`;
  }

  private channel(botId: string, accountId: string, contact: string): string {
    return `${this.prefix}:live:${botId}:${accountId}:${contact}`;
  }

  append(botId: string, accountId: string, contact: string, entry: Omit<LiveChatEntry, 'id'>): Promise<string | null> {
    return guard(async () => {
      const key = this.key(botId, accountId, contact);
      const id = await appendLiveChat(
        this.client,
        [key, `${key}:ids`, this.k.bot(botId)],
        [entry.messageId, JSON.stringify(entry), LIVECHAT_KEEP],
      );
      if (id === null) return null;
      await this.client.publish(this.channel(botId, accountId, contact), id);
      return id;
    });
  }

  readAfter(botId: string, accountId: string, contact: string, afterId: string, limit: number): Promise<LiveChatEntry[]> {
    return guard(async () => {
      const start = afterId === '0' ? '-' : `(${afterId}`;
      const entries = (await this.client.sendCommand([
        'XRANGE',
        this.key(botId, accountId, contact),
        start,
        '+',
        'COUNT',
        String(limit),
      ])) as StreamEntry[];
      return entries.map(([id, fields]) => ({ id, ...(JSON.parse(fields[1]!) as Omit<LiveChatEntry, 'id'>) }));
    });
  }

  lastId(botId: string, accountId: string, contact: string): Promise<string> {
    return guard(async () => {
      const entries = (await this.client.sendCommand([
        'XREVRANGE',
        this.key(botId, accountId, contact),
        '+',
        '-',
        'COUNT',
        '1',
      ])) as StreamEntry[];
      return entries[0]?.[0] ?? '0';
    });
  }

  async subscribe(botId: string, accountId: string, contact: string, listener: () => void): Promise<() => void> {
    this.subscribed ??= guard(() =>
      this.subscriber.pSubscribe(`${this.prefix}:live:*`, (_message, channel) => {
        for (const l of [...(this.listeners.get(channel) ?? [])]) l();
      }),
    ).catch((err: unknown) => {
      this.subscribed = null;
      throw err;
    });
    await this.subscribed;
    const channel = this.channel(botId, accountId, contact);
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channel);
    };
  }
}
