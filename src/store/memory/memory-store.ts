import type { ActivityEntry, Bot, BotEvent, Channel, ChannelAccount, Environment, Reply, WebhookBlock } from '../../domain/types.ts';
import { ENVIRONMENTS } from '../../domain/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Schedulers } from '../../scheduling/bot-scheduler.ts';
import type { ActivityChange, PositionedEntry, RejectionResult, RejectionWrite } from '../activity.ts';
import { decodeCursor, encodeCursor, lexMember, STREAM_ID } from '../cursor.ts';
import { laneOf } from '../redis-keys.ts';
import { withClaim } from '../reply-claims.ts';
import type {
  ContactVariables,
  HookConfig,
  IdempotencyRecord,
  InboundResult,
  InboundWrite,
  Page,
  PageRequest,
  SandboxMessage,
  Store,
} from '../store.ts';
import { activityChanges, appendChange, recordRejection, scanActivity } from './memory-activity.ts';
import { hasSubscriptions, Log, type MemoryState } from './memory-state.ts';

const SANDBOX_KEEP = 1000;
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface MemoryStoreOptions {
  activityLimit: number;
  eventRetention: number;
  clock: Clock;
  /** Signalled when a reply is queued or events appended; a deleted bot leaves both. */
  schedulers: Schedulers;
}

/** The store held in process memory: for trying Hookgate out, never for production. */
export class MemoryStore implements Store {
  private readonly state: MemoryState;
  private readonly options: MemoryStoreOptions;

  constructor(state: MemoryState, options: MemoryStoreOptions) {
    this.state = state;
    this.options = options;
  }

  async ping(): Promise<void> {}

  async createBot(bot: Bot): Promise<void> {
    this.state.bots.set(bot.id, {
      bot: structuredClone(bot),
      channels: new Map(),
      webhooks: new Map(),
      rate: new Map(),
      idempotency: new Map(),
      variables: new Map(),
      activity: new Map(),
      activityChanges: new Map(),
      rejectionCaps: new Map(),
      events: new Log(this.options.eventRetention, { behindCursor: true }),
      messages: new Map(),
      lanes: new Map(),
      due: new Map(),
      leases: new Map(),
      sandbox: new Map(),
      liveChat: new Map(),
      configVersion: 0,
    });
  }

  async getBot(botId: string): Promise<Bot | null> {
    const data = this.state.bots.get(botId);
    return data ? structuredClone(data.bot) : null;
  }

  async listBots(workspaceId: string, page: PageRequest): Promise<Page<Bot>> {
    const after = page.cursor ? decodeCursor(page.cursor) : '';
    const sorted = [...this.state.bots.values()]
      .filter((d) => d.bot.workspaceId === workspaceId)
      .map((d) => ({ member: lexMember(d.bot.createdAt, d.bot.id), bot: d.bot }))
      .filter((e) => e.member > after)
      .sort((a, b) => (a.member < b.member ? -1 : 1));
    const items = sorted.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((e) => structuredClone(e.bot)),
      nextCursor: sorted.length > page.limit && last ? encodeCursor(last.member) : null,
    };
  }

  async updateBot(bot: Bot): Promise<void> {
    const data = this.state.bots.get(bot.id);
    if (data) data.bot = structuredClone(bot);
  }

  /** Mark and removal are one step in memory: an inbound write after it finds no bot (`stale`). */
  async deleteBot(botId: string): Promise<void> {
    const data = this.state.bots.get(botId);
    if (!data) return;
    for (const webhookId of data.webhooks.keys()) this.state.webhookBots.delete(webhookId);
    this.state.bots.delete(botId);
    this.state.outbound.delete(botId);
    await Promise.all([this.options.schedulers.replies.remove(botId), this.options.schedulers.events.remove(botId)]);
  }

  async sweepDeletedBots(): Promise<boolean> {
    return true;
  }

  async putChannel(account: ChannelAccount): Promise<void> {
    const data = this.state.bots.get(account.botId);
    if (!data) return;
    data.channels.set(account.id, structuredClone(account));
    data.configVersion += 1;
  }

  async getChannel(botId: string, accountId: string): Promise<ChannelAccount | null> {
    const account = this.state.bots.get(botId)?.channels.get(accountId);
    return account ? structuredClone(account) : null;
  }

  async listChannels(botId: string): Promise<ChannelAccount[]> {
    const all = [...(this.state.bots.get(botId)?.channels.values() ?? [])];
    return structuredClone(all.sort((a, b) => (lexMember(a.createdAt, a.id) < lexMember(b.createdAt, b.id) ? -1 : 1)));
  }

  async deleteChannel(botId: string, accountId: string): Promise<void> {
    const data = this.state.bots.get(botId);
    if (data?.channels.delete(accountId)) data.configVersion += 1;
  }

  async createWebhook(block: WebhookBlock): Promise<void> {
    const data = this.state.bots.get(block.botId);
    if (!data) return;
    data.webhooks.set(block.id, structuredClone(block));
    data.configVersion += 1;
    this.state.webhookBots.set(block.id, block.botId);
  }

  async loadHook(webhookId: string): Promise<HookConfig | null> {
    const botId = this.state.webhookBots.get(webhookId);
    const data = botId ? this.state.bots.get(botId) : undefined;
    const block = data?.webhooks.get(webhookId);
    if (!data || !block) return null;
    const account = data.channels.get(block.accountId);
    const subscribed = hasSubscriptions(this.state, data.bot.id);
    return {
      block: structuredClone(block),
      account: account ? structuredClone(account) : null,
      version: String(data.configVersion),
      subscribed,
    };
  }

  async getWebhook(webhookId: string): Promise<WebhookBlock | null> {
    const botId = this.state.webhookBots.get(webhookId);
    const block = botId ? this.state.bots.get(botId)?.webhooks.get(webhookId) : undefined;
    return block ? structuredClone(block) : null;
  }

  async listWebhooks(botId: string): Promise<WebhookBlock[]> {
    const all = [...(this.state.bots.get(botId)?.webhooks.values() ?? [])];
    return structuredClone(all.sort((a, b) => (lexMember(a.createdAt, a.id) < lexMember(b.createdAt, b.id) ? -1 : 1)));
  }

  async updateWebhook(block: WebhookBlock, expectedUpdatedAt?: string): Promise<boolean> {
    const current = this.state.bots.get(block.botId)?.webhooks.get(block.id);
    if (!current || (expectedUpdatedAt !== undefined && current.updatedAt !== expectedUpdatedAt)) return false;
    const data = this.state.bots.get(block.botId)!;
    data.webhooks.set(block.id, structuredClone(block));
    data.configVersion += 1;
    return true;
  }

  async deleteWebhook(botId: string, webhookId: string): Promise<void> {
    const data = this.state.bots.get(botId);
    if (!data?.webhooks.delete(webhookId)) return;
    data.configVersion += 1;
    data.activity.delete(webhookId);
    data.activityChanges.delete(webhookId);
    data.rejectionCaps.delete(webhookId);
    data.rate.delete(`${webhookId}:production`);
    data.rate.delete(`${webhookId}:development`);
    this.state.webhookBots.delete(webhookId);
  }

  async getIdempotency(botId: string, key: string): Promise<IdempotencyRecord | null> {
    const entry = this.state.bots.get(botId)?.idempotency.get(key);
    return entry && entry.expiresAt > this.options.clock.now() ? structuredClone(entry.record) : null;
  }

  async acceptInbound(w: InboundWrite): Promise<InboundResult> {
    const data = this.state.bots.get(w.botId);
    if (!data) return { kind: 'stale' }; // the bot was deleted after the caller read its config
    if (w.configVersion != null && w.configVersion !== String(data.configVersion)) return { kind: 'stale' };
    if (w.idempotency) {
      const existing = data.idempotency.get(w.idempotency.key);
      if (existing && existing.expiresAt > w.now) return { kind: 'replay', record: structuredClone(existing.record) };
    }
    // GCRA, as in the Redis script.
    const periodMs = w.rateLimit.periodSeconds * 1000;
    const emission = periodMs / w.rateLimit.limit;
    const tat = Math.max(data.rate.get(`${w.webhookId}:${w.environment}`) ?? 0, w.now);
    const allowAt = tat + emission - periodMs;
    if (allowAt > w.now) return { kind: 'rate-limited', retryAfterMs: Math.ceil(allowAt - w.now) };
    data.rate.set(`${w.webhookId}:${w.environment}`, tat + emission);

    if (w.contact !== null && Object.keys(w.variables).length > 0) {
      const key = variablesKey(w.environment, w.channel, w.contact);
      const current = data.variables.get(key);
      data.variables.set(key, {
        channel: w.channel,
        contact: w.contact,
        environment: w.environment,
        variables: { ...current?.variables, ...structuredClone(w.variables) },
        updatedAt: w.activity.receivedAt,
      });
    }
    let activity = data.activity.get(w.webhookId);
    if (!activity) {
      activity = new Log(this.options.activityLimit);
      data.activity.set(w.webhookId, activity);
    }
    const position = activity.append(structuredClone(w.activity));
    appendChange(data, this.options.activityLimit, w.webhookId, { requestId: w.activity.requestId, position, reply: w.message });
    for (const event of w.events) data.events.append(structuredClone(event));
    if (w.message) {
      const lane = laneOf(w.message.accountId, w.message.contact);
      data.messages.set(w.message.id, structuredClone(w.message));
      const queue = data.lanes.get(lane) ?? [];
      queue.push(w.message.id);
      data.lanes.set(lane, queue);
      if (queue.length === 1 && !data.due.has(lane)) data.due.set(lane, w.now);
    }
    if (w.idempotency) {
      data.idempotency.set(w.idempotency.key, { record: structuredClone(w.idempotency.record), expiresAt: w.now + IDEMPOTENCY_TTL_MS });
    }
    await this.options.schedulers.signal(w.botId, w.now, {
      replies: w.message !== null,
      events: w.events.length > 0 && w.dispatch !== false,
    });
    return { kind: 'accepted' };
  }

  async getVariables(botId: string, environment: Environment, channel: Channel, contact: string): Promise<ContactVariables | null> {
    const entry = this.state.bots.get(botId)?.variables.get(variablesKey(environment, channel, contact));
    return entry ? structuredClone(entry) : null;
  }

  async listContacts(botId: string, environment: Environment, channel: Channel | null, page: PageRequest): Promise<Page<ContactVariables>> {
    const all = [...(this.state.bots.get(botId)?.variables.values() ?? [])]
      .filter((v) => v.environment === environment && (channel === null || v.channel === channel))
      .sort((a, b) => (a.channel === b.channel ? a.contact.localeCompare(b.contact) : a.channel.localeCompare(b.channel)));
    const start = page.cursor ? Number(decodeCursor(page.cursor, /^\d{1,9}$/)) : 0;
    const items = all.slice(start, start + page.limit).map((v) => structuredClone(v));
    return { items, nextCursor: start + page.limit < all.length ? encodeCursor(String(start + page.limit)) : null };
  }

  async deleteContact(botId: string, channel: Channel, contact: string): Promise<boolean> {
    const variables = this.state.bots.get(botId)?.variables;
    if (!variables) return false;
    let found = false;
    for (const env of ENVIRONMENTS) found = variables.delete(variablesKey(env, channel, contact)) || found;
    return found;
  }

  async listActivity(botId: string, webhookId: string, page: PageRequest): Promise<Page<ActivityEntry>> {
    return this.state.bots.get(botId)?.activity.get(webhookId)?.page(page) ?? emptyPage(page);
  }

  async recordRejection(write: RejectionWrite): Promise<RejectionResult> {
    return recordRejection(this.state, this.options.activityLimit, write);
  }

  async scanActivity(botId: string, webhookId: string, before: string | null, count: number): Promise<PositionedEntry[]> {
    return scanActivity(this.state, botId, webhookId, before, count);
  }

  async activityChanges(botId: string, webhookId: string, after: string, limit: number): Promise<ActivityChange[]> {
    return activityChanges(this.state, botId, webhookId, after, limit);
  }

  async lastActivityChange(botId: string, webhookId: string): Promise<string> {
    return this.state.bots.get(botId)?.activityChanges.get(webhookId)?.lastId ?? '0-0';
  }

  async getMessages(botId: string, messageIds: string[]): Promise<(Reply | null)[]> {
    const data = this.state.bots.get(botId);
    return messageIds.map((id) => {
      const m = data?.messages.get(id);
      // A message a worker holds reads `sending`: its lane's lease names it (see reply-claims.ts).
      return m ? withClaim(structuredClone(m), data!.leases.get(laneOf(m.accountId, m.contact))) : null;
    });
  }

  async appendEvents(botId: string, events: BotEvent[]): Promise<void> {
    const data = this.state.bots.get(botId);
    if (!data) return;
    for (const event of events) data.events.append(structuredClone(event));
    if (events.length) await this.options.schedulers.signal(botId, this.options.clock.now(), { events: true });
  }

  async listEvents(botId: string, page: PageRequest): Promise<Page<BotEvent>> {
    return this.state.bots.get(botId)?.events.page(page) ?? emptyPage(page);
  }

  async appendSandboxMessage(botId: string, accountId: string, message: SandboxMessage): Promise<void> {
    const data = this.state.bots.get(botId);
    if (!data) return;
    let log = data.sandbox.get(accountId);
    if (!log) {
      log = new Log(SANDBOX_KEEP);
      data.sandbox.set(accountId, log);
    }
    log.append(structuredClone(message));
  }

  async listSandboxMessages(botId: string, accountId: string, page: PageRequest): Promise<Page<SandboxMessage>> {
    return this.state.bots.get(botId)?.sandbox.get(accountId)?.page(page) ?? emptyPage(page);
  }
}

function emptyPage<T>(page: PageRequest): Page<T> {
  if (page.cursor) decodeCursor(page.cursor, STREAM_ID);
  return { items: [], nextCursor: null };
}

function variablesKey(environment: Environment, channel: Channel, contact: string): string {
  return `${environment}:${channel}:${contact}`;
}
