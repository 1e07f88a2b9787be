import type { LiveChatEntry, LiveChatStore } from '../livechat.ts';
import { LIVECHAT_KEEP } from '../livechat.ts';
import type { MemoryState } from './memory-state.ts';

/**
 * Live chat logs in process memory, ids shaped like Redis stream ids. The logs live with the bot's
 * data, so deleting the bot removes them, and an append for a bot that is gone stores nothing.
 */
export class MemoryLiveChat implements LiveChatStore {
  private readonly state: MemoryState;
  private readonly listeners = new Map<string, Set<() => void>>();
  private seq = 0;

  constructor(state: MemoryState) {
    this.state = state;
  }

  async append(botId: string, accountId: string, contact: string, entry: Omit<LiveChatEntry, 'id'>): Promise<string | null> {
    const logs = this.state.bots.get(botId)?.liveChat;
    if (!logs) return null;
    const key = keyOf(botId, accountId, contact);
    const log = logs.get(key) ?? [];
    const existing = log.find((e) => e.messageId === entry.messageId);
    if (existing) return existing.id;
    const id = `${Date.now()}-${++this.seq}`;
    log.push({ id, ...structuredClone(entry) });
    if (log.length > LIVECHAT_KEEP) log.splice(0, log.length - LIVECHAT_KEEP);
    logs.set(key, log);
    for (const listener of [...(this.listeners.get(key) ?? [])]) listener();
    return id;
  }

  async readAfter(botId: string, accountId: string, contact: string, afterId: string, limit: number): Promise<LiveChatEntry[]> {
    const log = this.log(botId, accountId, contact) ?? [];
    return structuredClone(log.filter((e) => compareIds(e.id, afterId) > 0).slice(0, limit));
  }

  async lastId(botId: string, accountId: string, contact: string): Promise<string> {
    return this.log(botId, accountId, contact)?.at(-1)?.id ?? '0';
  }

  private log(botId: string, accountId: string, contact: string): LiveChatEntry[] | undefined {
    return this.state.bots.get(botId)?.liveChat.get(keyOf(botId, accountId, contact));
  }

  async subscribe(botId: string, accountId: string, contact: string, listener: () => void): Promise<() => void> {
    const key = keyOf(botId, accountId, contact);
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}

function keyOf(botId: string, accountId: string, contact: string): string {
  return `${botId}\u0000${accountId}\u0000${contact}`;
}

/** Orders stream ids (`ms-seq`, or `0`). */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}
