import type { ActivityEntry, Bot, BotEvent, ChannelAccount, Reply, WebhookBlock } from '../../domain/types.ts';
import { decodeCursor, encodeCursor, STREAM_ID } from '../cursor.ts';
import type { LiveChatEntry } from '../livechat.ts';
import type { ContactVariables, IdempotencyRecord, Page, PageRequest, SandboxMessage } from '../store.ts';
import type { Delivery, Subscription } from '../subscriptions.ts';
import type { MemoryChange, RejectionCap } from './memory-activity.ts';

/**
 * An append-only log with Redis-stream-like ids, trimmed to a length: on append, or, for a log
 * read by a dispatcher (`behindCursor`), only behind its cursor (trimBehind).
 */
export class Log<T> {
  private entries: { id: string; value: T }[] = [];
  private seq = 0;
  private readonly max: number;
  private readonly behindCursor: boolean;

  constructor(max: number, options: { behindCursor?: boolean } = {}) {
    this.max = max;
    this.behindCursor = options.behindCursor ?? false;
  }

  /** Appends `value`; returns its position. */
  append(value: T): string {
    this.seq += 1;
    const id = `${this.seq}-0`;
    this.entries.push({ id, value });
    if (!this.behindCursor && this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return id;
  }

  /** Trims the oldest entries beyond the length, never one after position `cursorId`. */
  trimBehind(cursorId: string): void {
    const cursor = Number(cursorId.split('-')[0]);
    let n = 0;
    while (this.entries.length - n > this.max && Number(this.entries[n]!.id.split('-')[0]) <= cursor) n++;
    if (n > 0) this.entries.splice(0, n);
  }

  /** Newest first, after the cursor. */
  page(page: PageRequest): Page<T> {
    const before = page.cursor ? Number(decodeCursor(page.cursor, STREAM_ID).split('-')[0]) : Infinity;
    const out: { id: string; value: T }[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length <= page.limit; i--) {
      const entry = this.entries[i]!;
      if (Number(entry.id.split('-')[0]) < before) out.push(entry);
    }
    const items = out.slice(0, page.limit);
    const last = items.at(-1);
    const nextCursor = out.length > page.limit && last ? encodeCursor(last.id) : null;
    return { items: items.map((e) => structuredClone(e.value)), nextCursor };
  }

  get size(): number {
    return this.entries.length;
  }

  /** Entries after position `afterId` (`0-0` for all), oldest first, with their positions. */
  after(afterId: string, limit: number): { id: string; value: T }[] {
    const after = Number(afterId.split('-')[0]);
    return this.entries
      .filter((e) => Number(e.id.split('-')[0]) > after)
      .slice(0, limit)
      .map((e) => ({ id: e.id, value: structuredClone(e.value) }));
  }

  /** Entries strictly before position `beforeId` (null: from the newest), newest first, with their positions. */
  before(beforeId: string | null, limit: number): { id: string; value: T }[] {
    const before = beforeId === null ? Infinity : Number(beforeId.split('-')[0]);
    const out: { id: string; value: T }[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.entries[i]!;
      if (Number(entry.id.split('-')[0]) < before) out.push({ id: entry.id, value: structuredClone(entry.value) });
    }
    return out;
  }

  /** The entry at position `id`, if still kept. */
  at(id: string): T | null {
    const entry = this.entries.find((e) => e.id === id);
    return entry ? structuredClone(entry.value) : null;
  }

  get lastId(): string {
    return this.entries.at(-1)?.id ?? '0-0';
  }
}

/** Everything the memory store and memory queue hold for one bot. */
export interface BotData {
  bot: Bot;
  channels: Map<string, ChannelAccount>;
  webhooks: Map<string, WebhookBlock>;
  rate: Map<string, number>;
  idempotency: Map<string, { record: IdempotencyRecord; expiresAt: number }>;
  variables: Map<string, ContactVariables>;
  activity: Map<string, Log<ActivityEntry>>;
  /** Per webhook: its change stream and its cap on recorded authentication failures (memory-activity.ts). */
  activityChanges: Map<string, Log<MemoryChange>>;
  rejectionCaps: Map<string, RejectionCap>;
  events: Log<BotEvent>;
  messages: Map<string, Reply>;
  lanes: Map<string, string[]>;
  due: Map<string, number>;
  leases: Map<string, string>;
  sandbox: Map<string, Log<SandboxMessage>>;
  /** Live chat logs per (account, contact) (the memory live chat store's part): they go with the bot. */
  liveChat: Map<string, LiveChatEntry[]>;
  /** Bumped by every webhook or channel account change (see Store.loadHook). */
  configVersion: number;
}

/** A bot's subscriptions, dispatch cursor and deliveries (the memory subscription store's part). */
export interface OutboundData {
  subscriptions: Map<string, Subscription>;
  cursor: string;
  deliveries: Map<string, Delivery>;
  due: Map<string, number>;
  leases: Map<string, string>;
  logs: Map<string, { createdMs: number; id: string }[]>;
  /** Per subscription, its paused deliveries' ids (in creation order). */
  paused: Map<string, Set<string>>;
  /** Per-contact lanes: delivery ids, oldest first (see Delivery.lane). */
  lanes: Map<string, string[]>;
  /** Per subscription: consecutive failures, when the first of them was, the circuit breaker's probe. */
  health: Map<string, { failures: number; since: number | null; probeUntil: number }>;
  /** Per subscription: deliveries dead-lettered, and whether that was logged since its paused ones were last released. */
  deadLetters: Map<string, { count: number; noticed: boolean }>;
}

/** Everything the memory backend holds, shared by its store, reply queue and subscription store. */
export interface MemoryState {
  bots: Map<string, BotData>;
  /** Per bot, kept apart from `bots` as Redis keeps it under other keys: written even for a bot not (yet) stored. */
  outbound: Map<string, OutboundData>;
  webhookBots: Map<string, string>;
}

export function createMemoryState(): MemoryState {
  return { bots: new Map(), outbound: new Map(), webhookBots: new Map() };
}

/** Whether the bot has a subscription (HookConfig.subscribed: its writes signal the dispatcher). */
export function hasSubscriptions(state: MemoryState, botId: string): boolean {
  return (state.outbound.get(botId)?.subscriptions.size ?? 0) > 0;
}
