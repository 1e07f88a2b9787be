import type { Environment, ReplyButton } from '../domain/types.ts';

/** A reply to a live chat contact, kept for the widget to read. `id` orders them and resumes streams. */
export interface LiveChatEntry {
  id: string;
  messageId: string;
  text: string;
  buttons: ReplyButton[];
  environment: Environment;
  sentAt: string;
}

/**
 * Per (account, contact) reply logs for the live chat channel, and notifications when one grows,
 * so a connected widget's stream can push at once. Implemented on Redis streams + pub/sub and in memory.
 */
export interface LiveChatStore {
  /**
   * Appends once per message id; resolves with the entry's id, or null (nothing stored) when the bot
   * is not stored: deleted, maybe while the send was under way.
   */
  append(botId: string, accountId: string, contact: string, entry: Omit<LiveChatEntry, 'id'>): Promise<string | null>;
  /** Entries after `afterId` (all kept entries for `0`), oldest first. */
  readAfter(botId: string, accountId: string, contact: string, afterId: string, limit: number): Promise<LiveChatEntry[]>;
  /** The id of the newest entry, or `0` when there is none. */
  lastId(botId: string, accountId: string, contact: string): Promise<string>;
  /**
   * Calls `listener` whenever an entry is appended for this contact. Resolves, with the
   * unsubscribe function, once notifications are flowing.
   */
  subscribe(botId: string, accountId: string, contact: string, listener: () => void): Promise<() => void>;
}

export const LIVECHAT_KEEP = 1000;
