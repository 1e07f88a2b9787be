import { type Clock, isoTime } from '../lib/clock.ts';
import type { LiveChatStore } from '../store/livechat.ts';
import type { ChannelAdapter, SendRequest, SendResult } from './adapter.ts';

/**
 * Live chat: the reply is appended to the contact's log, which connected widgets stream over SSE
 * (GET /livechat/stream). A widget that is away reads what it missed with Last-Event-ID.
 */
export class LiveChatAdapter implements ChannelAdapter {
  readonly channel = 'livechat' as const;
  private readonly liveChat: LiveChatStore;
  private readonly clock: Clock;

  constructor(liveChat: LiveChatStore, clock: Clock) {
    this.liveChat = liveChat;
    this.clock = clock;
  }

  async send({ account, message }: SendRequest): Promise<SendResult> {
    const id = await this.liveChat.append(account.botId, account.id, message.contact, {
      messageId: message.id,
      text: message.text,
      buttons: message.buttons ?? [],
      environment: message.environment,
      sentAt: isoTime(this.clock.now()),
    });
    // The bot was deleted while this was under way: nothing is stored, and its settlement finds no lease.
    if (id === null) return { ok: false, retryable: false, code: 'bot_deleted', message: 'The bot was deleted.' };
    return { ok: true, providerMessageId: id };
  }
}
