import type { Channel, ChannelAccount, JsonObject, Reply, ReplyPart } from '../domain/types.ts';

export interface SendRequest {
  account: ChannelAccount;
  /** Decrypted for this call only; adapters must never log them. */
  credentials: JsonObject;
  message: Reply;
  /**
   * The one message to send. Absent: a text message from `message.text` and `message.buttons`
   * (which always describe a text part too); media and template parts only come this way.
   */
  part?: ReplyPart;
  /** The message's position in its reply (0 for the first or only one). */
  partIndex?: number;
  signal: AbortSignal;
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  | {
      ok: false;
      /** Timeouts, connection errors, 5xx and 429 are retryable; a bad recipient or token is not. */
      retryable: boolean;
      code: string;
      message: string;
      /** The provider's own wait (Retry-After, retry_after), never retried sooner. */
      retryAfterMs?: number;
    };

/** One channel's delivery. No Hono, no Redis: a provider request in, a classified result out. */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(request: SendRequest): Promise<SendResult>;
}

export type AdapterRegistry = ReadonlyMap<Channel, ChannelAdapter>;
