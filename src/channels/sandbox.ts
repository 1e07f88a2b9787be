import type { ChannelAccount, Reply } from '../domain/types.ts';
import type { Clock } from '../lib/clock.ts';
import { isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { SandboxMessage, Store } from '../store/store.ts';
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

  send({ account, message }: SendRequest): Promise<SendResult> {
    return recordSandboxMessage(this.store, this.clock, account, message);
  }
}

/**
 * Records a message in the account's sandbox log instead of sending it: what a sandbox account
 * does, and what any provider account does with a simulated (development) reply.
 */
export async function recordSandboxMessage(store: Store, clock: Clock, account: ChannelAccount, message: Reply): Promise<SendResult> {
  const id = newId('msg');
  const entry: SandboxMessage = {
    id,
    messageId: message.id,
    contact: message.contact,
    text: message.text,
    environment: message.environment,
    sentAt: isoTime(clock.now()),
  };
  if (message.simulated) entry.simulated = true;
  await store.appendSandboxMessage(account.botId, account.id, entry);
  return { ok: true, providerMessageId: id };
}
