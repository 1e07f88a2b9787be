import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import type { LiveChatEntry, LiveChatStore } from '../../src/store/livechat.ts';
import type { Store } from '../../src/store/store.ts';
import { aBot } from '../helpers/fixtures.ts';

export interface LiveChatSubject {
  liveChat: LiveChatStore;
  /** The same backend's store: live chat logs belong to a stored bot. */
  store: Store;
  /** The Redis keys under the bot's hash tag (none on memory, where the bot's data goes with it). */
  keysOf(botId: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

function anEntry(overrides: Partial<Omit<LiveChatEntry, 'id'>> = {}): Omit<LiveChatEntry, 'id'> {
  return { messageId: newId('msg'), text: 'Hello', buttons: [], environment: 'production', sentAt: new Date().toISOString(), ...overrides };
}

/** Resolves once `count()` reaches `n`, or fails after a second. */
async function reaches(count: () => number, n: number): Promise<void> {
  for (const started = Date.now(); count() < n; ) {
    if (Date.now() - started > 1000) throw new Error(`expected ${n} notifications, saw ${count()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What every live chat store must do, whatever holds the data. */
export function describeLiveChatContract(name: string, make: () => Promise<LiveChatSubject>): void {
  describe(`live chat store contract: ${name}`, () => {
    let subject: LiveChatSubject;
    let liveChat: LiveChatStore;
    let bot: string;
    const account = newId('acc');

    beforeEach(async () => {
      subject = await make();
      liveChat = subject.liveChat;
      const stored = aBot();
      await subject.store.createBot(stored);
      bot = stored.id;
    });
    afterEach(() => subject.cleanup());

    it('reads a contact’s replies oldest first, after a position and up to a limit', async () => {
      const entries = [
        anEntry({ text: 'one' }),
        anEntry({ text: 'two', buttons: [{ id: 'yes', title: 'Yes' }] }),
        anEntry({ text: 'three' }),
      ];
      const ids: string[] = [];
      for (const entry of entries) ids.push((await liveChat.append(bot, account, 'visitor-1', entry))!);
      expect(new Set(ids).size).toBe(3);
      expect(await liveChat.readAfter(bot, account, 'visitor-1', '0', 10)).toEqual(entries.map((e, i) => ({ id: ids[i], ...e })));
      expect((await liveChat.readAfter(bot, account, 'visitor-1', ids[0]!, 10)).map((e) => e.text)).toEqual(['two', 'three']);
      expect((await liveChat.readAfter(bot, account, 'visitor-1', '0', 2)).map((e) => e.text)).toEqual(['one', 'two']);
      expect(await liveChat.readAfter(bot, account, 'visitor-1', ids[2]!, 10)).toEqual([]);
    });

    it('appends a message once, however often its delivery is retried', async () => {
      const entry = anEntry();
      const id = await liveChat.append(bot, account, 'visitor-1', entry);
      expect(await liveChat.append(bot, account, 'visitor-1', { ...entry, sentAt: new Date(Date.now() + 1000).toISOString() })).toBe(id);
      expect(await liveChat.readAfter(bot, account, 'visitor-1', '0', 10)).toEqual([{ id, ...entry }]);
    });

    it('reports the newest entry’s id, and 0 for a contact with none', async () => {
      expect(await liveChat.lastId(bot, account, 'visitor-1')).toBe('0');
      await liveChat.append(bot, account, 'visitor-1', anEntry());
      const newest = await liveChat.append(bot, account, 'visitor-1', anEntry());
      expect(await liveChat.lastId(bot, account, 'visitor-1')).toBe(newest);
    });

    it('keeps each (bot, account, contact) log apart', async () => {
      await liveChat.append(bot, account, 'visitor-1', anEntry({ text: 'for one' }));
      await liveChat.append(bot, account, 'visitor-2', anEntry({ text: 'for two' }));
      await liveChat.append(bot, newId('acc'), 'visitor-1', anEntry({ text: 'other account' }));
      const other = aBot();
      await subject.store.createBot(other);
      await liveChat.append(other.id, account, 'visitor-1', anEntry({ text: 'other bot' }));
      expect((await liveChat.readAfter(bot, account, 'visitor-1', '0', 10)).map((e) => e.text)).toEqual(['for one']);
      expect((await liveChat.readAfter(bot, account, 'visitor-2', '0', 10)).map((e) => e.text)).toEqual(['for two']);
      expect(await liveChat.lastId(bot, account, 'visitor-3')).toBe('0');
    });

    it('notifies a subscriber of each append to its contact, and stops once it unsubscribes', async () => {
      let mine = 0;
      let others = 0;
      const unsubscribe = await liveChat.subscribe(bot, account, 'visitor-1', () => mine++);
      const unsubscribeOther = await liveChat.subscribe(bot, account, 'visitor-2', () => others++);
      await liveChat.append(bot, account, 'visitor-1', anEntry());
      await liveChat.append(bot, account, 'visitor-1', anEntry());
      await reaches(() => mine, 2);
      unsubscribe();
      await liveChat.append(bot, account, 'visitor-1', anEntry());
      await liveChat.append(bot, account, 'visitor-2', anEntry());
      await reaches(() => others, 1);
      expect(mine).toBe(2);
      unsubscribeOther();
    });

    it('appends nothing for a bot that is deleted or was never stored: no log left behind its deletion', async () => {
      await liveChat.append(bot, account, 'visitor-1', anEntry({ text: 'before' }));
      await subject.store.deleteBot(bot, { sweep: false });
      await subject.store.sweepDeletedBots();
      // A send that was under way when the bot was deleted lands now.
      expect(await liveChat.append(bot, account, 'visitor-1', anEntry({ text: 'after' }))).toBeNull();
      expect(await liveChat.append(bot, account, 'visitor-2', anEntry({ text: 'after' }))).toBeNull();
      expect(await liveChat.readAfter(bot, account, 'visitor-1', '0', 10)).toEqual([]);
      expect(await liveChat.lastId(bot, account, 'visitor-2')).toBe('0');
      expect(await subject.keysOf(bot)).toEqual([]);
      expect(await liveChat.append(newId('bot'), account, 'visitor-1', anEntry())).toBeNull();
    });
  });
}
