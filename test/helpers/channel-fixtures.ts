/** Accounts and send requests for adapter tests (test/channels/). */
import type { SendRequest } from '../../src/channels/adapter.ts';
import type { Channel, ChannelAccount, JsonObject, Reply } from '../../src/domain/types.ts';
import { newId } from '../../src/lib/ids.ts';
import { aMessage } from './fixtures.ts';

export function anAccount(channel: Channel, config: JsonObject = {}): ChannelAccount {
  const now = new Date().toISOString();
  return {
    id: newId('acc'),
    botId: 'bot_adapter_test',
    channel,
    alias: `${channel}-test`,
    credentialsEncrypted: null,
    credentialFields: [],
    config,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
}

/** A send request with a generous deadline of its own (the adapters' timeout is what tests shorten). */
export function aSendRequest(
  channel: Channel,
  config: JsonObject,
  credentials: JsonObject,
  message: Partial<Reply> = {},
  signal: AbortSignal = AbortSignal.timeout(15_000),
): SendRequest {
  return {
    account: anAccount(channel, config),
    credentials,
    message: aMessage('bot_adapter_test', { channel, ...message }),
    signal,
  };
}
