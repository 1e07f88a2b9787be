import type { Clock } from '../lib/clock.ts';
import { isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Store } from '../store/store.ts';
import type { ChannelAdapter, SendRequest, SendResult } from './adapter.ts';

/** Sends nothing anywhere: records the message, readable at …/channels/{accountId}/messages. */
export class SandboxAdapter implements ChannelAdapter {
  readonly channel = 'sandbox' as const;
  private readonly store: Store;
  private readonly clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  async send({ account, message }: SendRequest): Promise<SendResult> {
    const id = newId('msg');
    await this.store.appendSandboxMessage(account.botId, account.id, {
      id,
      messageId: message.id,
      contact: message.contact,
      text: message.text,
      environment: message.environment,
      sentAt: isoTime(this.clock.now()),
    });
    return { ok: true, providerMessageId: id };
  }
}
