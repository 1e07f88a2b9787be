import type {
  ActivityEntry,
  Bot,
  BotEvent,
  Channel,
  ChannelAccount,
  Environment,
  JsonObject,
  RateLimit,
  Reply,
  WebhookBlock,
} from '../domain/types.ts';
import type { ScheduledWork } from '../scheduling/bot-scheduler.ts';
import type { ActivityStore } from './activity.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | null | undefined;
  limit: number;
}

/** What an accepted call answered, kept for `Idempotency-Key` replays. */
export interface IdempotencyRecord {
  bodyHash: string;
  status: number;
  response: JsonObject;
}

/** Everything one accepted inbound call writes, applied all together or not at all. */
export interface InboundWrite {
  botId: string;
  webhookId: string;
  environment: Environment;
  now: number;
  rateLimit: RateLimit;
  idempotency: { key: string; record: IdempotencyRecord } | null;
  /** The contact whose variables are merged (stamped with activity.receivedAt); null for a workflow call without one. */
  contact: string | null;
  /** The contact's channel: a contact is (channel, reference), so the same id on two channels is two contacts. */
  channel: Channel;
  variables: JsonObject;
  activity: ActivityEntry;
  /** Appended to the bot's event stream in this order. */
  events: BotEvent[];
  /** The reply to queue for (message.accountId, message.contact), if any. */
  message: Reply | null;
  /**
   * The bot's config version the call was evaluated against (from loadHook). When it has changed
   * (a webhook or channel account was edited), nothing is written and the result is `stale`.
   */
  configVersion?: string | null;
  /**
   * false: the bot had no subscription at `configVersion`, so the events are appended without
   * signalling the dispatcher (nobody is owed them; a first subscription starts after them).
   */
  dispatch?: boolean;
}

/** What the inbound route needs to handle a call, read in one go and cacheable until a write says stale. */
export interface HookConfig {
  block: WebhookBlock;
  /** The block's own channel account, if it still exists. */
  account: ChannelAccount | null;
  version: string;
  /**
   * The bot has a subscription (as of `version`: its first subscription and the removal of its last move it).
   * Without one, an inbound call appends its events without signalling the dispatcher.
   */
  subscribed: boolean;
}

export type InboundResult =
  | { kind: 'accepted' }
  | { kind: 'stale' }
  | { kind: 'replay'; record: IdempotencyRecord }
  | { kind: 'rate-limited'; retryAfterMs: number };

export interface ContactVariables {
  channel: Channel;
  contact: string;
  environment: Environment;
  variables: JsonObject;
  updatedAt: string;
}

export interface SandboxMessage {
  id: string;
  messageId: string;
  contact: string;
  text: string;
  environment: Environment;
  sentAt: string;
  /** A development reply on a provider channel that was recorded instead of sent. */
  simulated?: boolean;
}

/**
 * The store: every durable record of the service. Implemented on Redis and in memory and held to
 * one contract suite (test/contract). Methods fail with StoreUnavailableError when the backend
 * cannot be reached.
 */
export interface Store extends ActivityStore {
  ping(): Promise<void>;

  createBot(bot: Bot): Promise<void>;
  getBot(botId: string): Promise<Bot | null>;
  listBots(workspaceId: string, page: PageRequest): Promise<Page<Bot>>;
  updateBot(bot: Bot): Promise<void>;
  /**
   * Marks the bot deleted, then removes everything stored under it in the background. From the mark
   * on it reads as absent, its webhooks resolve to nothing, an inbound write is refused (`stale`)
   * and workers find no work of it; a call stored before the mark goes with the rest.
   * `sweep: false` leaves the removal to the next `sweepDeletedBots` (as a crash would).
   */
  deleteBot(botId: string, options?: { sweep?: boolean }): Promise<void>;
  /**
   * Removes what bots marked deleted still hold, in bounded batches, finishing sweeps cut short;
   * `maxBatches` bounds one call. True when no deleted bot is left to sweep.
   */
  sweepDeletedBots(options?: { maxBatches?: number }): Promise<boolean>;

  putChannel(account: ChannelAccount): Promise<void>;
  getChannel(botId: string, accountId: string): Promise<ChannelAccount | null>;
  listChannels(botId: string): Promise<ChannelAccount[]>;
  deleteChannel(botId: string, accountId: string): Promise<void>;

  createWebhook(block: WebhookBlock): Promise<void>;
  /** Looks a block up by id alone, as the inbound route must. */
  getWebhook(webhookId: string): Promise<WebhookBlock | null>;
  listWebhooks(botId: string): Promise<WebhookBlock[]>;
  /**
   * Replaces a block. With `expectedUpdatedAt`, only if the stored block still has that
   * `updatedAt` (false otherwise): concurrent edits cannot undo each other, e.g. a PATCH
   * cannot restore a token that a rotation revoked.
   */
  updateWebhook(block: WebhookBlock, expectedUpdatedAt?: string): Promise<boolean>;
  deleteWebhook(botId: string, webhookId: string): Promise<void>;

  /** The block, its account and the bot's config version, in one round trip. */
  loadHook(webhookId: string): Promise<HookConfig | null>;

  getIdempotency(botId: string, key: string): Promise<IdempotencyRecord | null>;
  /**
   * Applies one accepted call atomically: config version check, rate limit, idempotency,
   * variables, activity, events, reply.
   */
  acceptInbound(write: InboundWrite): Promise<InboundResult>;

  getVariables(botId: string, environment: Environment, channel: Channel, contact: string): Promise<ContactVariables | null>;
  /**
   * The contacts with stored variables in one environment, optionally of one channel. Not in any
   * particular order; the cursor is opaque. A page may hold fewer than `limit` items before the end.
   */
  listContacts(botId: string, environment: Environment, channel: Channel | null, page: PageRequest): Promise<Page<ContactVariables>>;
  /** Erases a contact's stored variables in both environments; false when there were none. */
  deleteContact(botId: string, channel: Channel, contact: string): Promise<boolean>;
  listActivity(botId: string, webhookId: string, page: PageRequest): Promise<Page<ActivityEntry>>;
  getMessages(botId: string, messageIds: string[]): Promise<(Reply | null)[]>;

  appendEvents(botId: string, events: BotEvent[]): Promise<void>;
  listEvents(botId: string, page: PageRequest): Promise<Page<BotEvent>>;

  appendSandboxMessage(botId: string, accountId: string, message: SandboxMessage): Promise<void>;
  listSandboxMessages(botId: string, accountId: string, page: PageRequest): Promise<Page<SandboxMessage>>;
}

/** A claimed reply: the head of one (account, contact) lane, leased to one worker. */
export interface ReplyLease {
  botId: string;
  lane: string;
  leaseId: string;
  message: Reply;
  /** The message's channel account as it stood at the claim (null: removed), read with the claim. */
  account: ChannelAccount | null;
}

/** What a settlement did: `settled` is false when the lease was lost (another worker owns the lane). */
export interface Settlement {
  settled: boolean;
  /** The lane's next message is due at once (a claim now would take it). */
  laneDueNow: boolean;
}

export interface SettleRequest {
  /** The message as it now stands (status, attempts, provider id, error, next attempt). */
  message: Reply;
  /** `done`: sent or failed, the lane moves on; `retry`: the lane waits until `retryAt`. */
  outcome: 'done' | 'retry';
  retryAt?: number;
  /** Appended to the bot's event stream with the update (message.sent, message.failed). */
  events: BotEvent[];
}

/**
 * The reply queue: per (account, contact) FIFO lanes inside each bot, found through the reply
 * scheduler (ScheduledWork: a bot is due when one of its lanes is), and leases that expire so a
 * crashed worker's work is taken up by another.
 */
export interface ReplyQueue extends ScheduledWork {
  /**
   * Claims due lanes of one bot, marking each head message as being sent: until it is settled (or
   * the lease is taken over), `Store.getMessages` reports it as `sending`.
   */
  claimLanes(botId: string, now: number, limit: number, leaseMs: number): Promise<ReplyLease[]>;
  /** Records the outcome of one attempt. */
  settle(lease: ReplyLease, request: SettleRequest, now: number): Promise<Settlement>;
}
