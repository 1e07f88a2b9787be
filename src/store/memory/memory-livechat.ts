import type { LiveChatEntry, LiveChatStore } from '../livechat.ts';
import { LIVECHAT_KEEP } from '../livechat.ts';

/** Live chat logs in process memory, ids shaped like Redis stream ids. */
export class MemoryLiveChat implements LiveChatStore {
  private readonly logs = new Map<string, LiveChatEntry[]>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private seq = 0;

  async append(botId: string, accountId: string, contact: string, entry: Omit<LiveChatEntry, 'id'>): Promise<string> {
    const key = keyOf(botId, accountId, contact);
    const log = this.logs.get(key) ?? [];
    const existing = log.find((e) => e.messageId === entry.messageId);
    if (existing) return existing.id;
    const id = `${Date.now()}-${++this.seq}`;
    log.push({ id, ...structuredClone(entry) });
    if (log.length > LIVECHAT_KEEP) log.splice(0, log.length - LIVECHAT_KEEP);
    this.logs.set(key, log);
    for (const listener of [...(this.listeners.get(key) ?? [])]) listener();
    return id;
  }

  async readAfter(botId: string, accountId: string, contact: string, afterId: string, limit: number): Promise<LiveChatEntry[]> {
    const log = this.logs.get(keyOf(botId, accountId, contact)) ?? [];
    return structuredClone(log.filter((e) => compareIds(e.id, afterId) > 0).slice(0, limit));
  }

  async lastId(botId: string, accountId: string, contact: string): Promise<string> {
    return this.logs.get(keyOf(botId, accountId, contact))?.at(-1)?.id ?? '0';
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
