import type {
  ActivityEntry,
  Bot,
  BotEvent,
  Channel,
  ChannelAccount,
  Environment,
  JsonObject,
  JsonValue,
  Reply,
  WebhookBlock,
} from '../../domain/types.ts';
import { CHANNELS, ENVIRONMENTS } from '../../domain/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import type { Schedulers } from '../../scheduling/bot-scheduler.ts';
import { type ActivityChange, changeKeep, type PositionedEntry, type RejectionResult, type RejectionWrite } from '../activity.ts';
import { decodeCursor, encodeCursor, lexMember, STREAM_ID } from '../cursor.ts';
import { laneOf, type RedisKeys, redisKeys, UPDATED_AT_FIELD } from '../redis-keys.ts';
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
import { isCluster, type RedisClient } from './client.ts';
import { guard } from './errors.ts';
import { RedisActivity } from './redis-activity.ts';
import { DELETED_VERSION, RedisBotDeletion } from './redis-bot-deletion.ts';
import { acceptInbound, appendSandbox, loadHook, replaceIfUnchanged } from './scripts.ts';

/** A Redis stream entry as node-redis returns it: [id, [field, value, ...]]. */
type StreamEntry = [string, string[]];

const SANDBOX_KEEP = 1000;
/** A contacts cursor: a SCAN cursor, and the digest of the last key shown from its batch. */
const CONTACT_CURSOR = /^\d{1,20}(?:\|[0-9a-f]{32})?$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** Webhook id → bot id never changes, so the mapping is cached (bounded). */
const WEBHOOK_INDEX_CACHE = 50_000;

export interface RedisStoreOptions {
  prefix: string;
  activityLimit: number;
  eventRetention: number;
  clock: Clock;
  /** Signalled when a reply is queued or events appended; a deleted bot leaves both. */
  schedulers: Schedulers;
}

export class RedisStore implements Store {
  private readonly k: RedisKeys;
  private readonly webhookBots = new Map<string, string>();
  private readonly client: RedisClient;
  private readonly options: RedisStoreOptions;
  private readonly deletion: RedisBotDeletion;
  private readonly activity: RedisActivity;
  /** One connection to one Redis: commands run in the order they are sent, whatever their slots. */
  private readonly inOrder: boolean;

  constructor(client: RedisClient, options: RedisStoreOptions) {
    this.client = client;
    this.inOrder = !isCluster(client);
    this.options = options;
    this.k = redisKeys(options.prefix);
    this.activity = new RedisActivity(client, this.k, options.activityLimit);
    this.deletion = new RedisBotDeletion(client, this.k, options.schedulers, (ids) => {
      for (const w of ids) this.webhookBots.delete(w);
    });
  }

  ping(): Promise<void> {
    return guard(async () => {
      await this.client.sendCommand(['PING']);
    });
  }

  // ---- bots ----

  createBot(bot: Bot): Promise<void> {
    return guard(async () => {
      // Three slots (the workspace's list, the index of all bots, the bot's own): the indexes first,
      // the record last. Until the record exists the bot is nowhere to be seen (listBots skips a
      // member without one, the workers find no work under it), so a crash in between leaves only
      // harmless index members, and the caller, who got no 201, creates it again under a new id.
      await Promise.all([
        this.client.zAdd(this.k.workspaceBots(bot.workspaceId), { score: 0, value: lexMember(bot.createdAt, bot.id) }),
        this.client.sAdd(this.k.allBots, bot.id),
      ]);
      await this.client.set(this.k.bot(bot.id), JSON.stringify(bot));
    });
  }

  getBot(botId: string): Promise<Bot | null> {
    return guard(async () => parse<Bot>(await this.client.get(this.k.bot(botId))));
  }

  listBots(workspaceId: string, page: PageRequest): Promise<Page<Bot>> {
    return guard(async () => {
      const after = page.cursor ? `(${decodeCursor(page.cursor)}` : '-';
      const members = (await this.client.sendCommand([
        'ZRANGE',
        this.k.workspaceBots(workspaceId),
        after,
        '+',
        'BYLEX',
        'LIMIT',
        '0',
        String(page.limit + 1),
      ])) as string[];
      const pageMembers = members.slice(0, page.limit);
      const ids = pageMembers.map((m) => m.slice(m.indexOf('|') + 1));
      // One GET per bot (each bot its own slot), pipelined: one round trip.
      const bots = await Promise.all(ids.map((id) => this.client.get(this.k.bot(id))));
      const items = bots.map((b) => parse<Bot>(b)).filter((b): b is Bot => b !== null);
      const last = pageMembers.at(-1);
      return { items, nextCursor: members.length > page.limit && last ? encodeCursor(last) : null };
    });
  }

  updateBot(bot: Bot): Promise<void> {
    return guard(async () => {
      await this.client.set(this.k.bot(bot.id), JSON.stringify(bot), { XX: true });
    });
  }

  deleteBot(botId: string, options: { sweep?: boolean } = {}): Promise<void> {
    return guard(async () => {
      const bot = await this.getBot(botId);
      if (!bot) return;
      await this.deletion.mark(bot);
      // The keys go in the background; a sweep cut short is finished by the workers' periodic one.
      if (options.sweep !== false) this.deletion.sweepOne(botId).catch(() => {});
    });
  }

  sweepDeletedBots(options: { maxBatches?: number } = {}): Promise<boolean> {
    return guard(() => this.deletion.sweepAll(options));
  }

  // ---- channel accounts ----

  putChannel(account: ChannelAccount): Promise<void> {
    return guard(async () => {
      await this.client
        .multi()
        .addCommand(['HSET', this.k.channels(account.botId), account.id, JSON.stringify(account)])
        .addCommand(['INCR', this.k.configVersion(account.botId)])
        .exec();
    });
  }

  getChannel(botId: string, accountId: string): Promise<ChannelAccount | null> {
    return guard(async () => parse<ChannelAccount>(await this.client.hGet(this.k.channels(botId), accountId)));
  }

  listChannels(botId: string): Promise<ChannelAccount[]> {
    return guard(async () => {
      const all = await this.client.hVals(this.k.channels(botId));
      return all.map((v) => JSON.parse(v) as ChannelAccount).sort(byCreation);
    });
  }

  deleteChannel(botId: string, accountId: string): Promise<void> {
    return guard(async () => {
      await this.client
        .multi()
        .addCommand(['HDEL', this.k.channels(botId), accountId])
        .addCommand(['INCR', this.k.configVersion(botId)])
        .exec();
    });
  }

  // ---- webhook blocks ----

  createWebhook(block: WebhookBlock): Promise<void> {
    return guard(async () => {
      // The index (its own slot) first: until the block exists, the index leads nowhere and the call
      // is a 404, so a crash in between leaves nothing reachable.
      await this.client.set(this.k.webhookIndex(block.id), block.botId);
      await this.client
        .multi()
        .addCommand(['SET', this.k.webhook(block.botId, block.id), JSON.stringify(block)])
        .addCommand(['ZADD', this.k.webhooks(block.botId), '0', lexMember(block.createdAt, block.id)])
        .addCommand(['INCR', this.k.configVersion(block.botId)])
        .exec();
    });
  }

  /** The bot a webhook belongs to: an index that never changes, so it is cached (bounded). */
  private async botOf(webhookId: string): Promise<string | null> {
    const cached = this.webhookBots.get(webhookId);
    if (cached) return cached;
    const found = await this.client.get(this.k.webhookIndex(webhookId));
    if (!found) return null;
    if (this.webhookBots.size >= WEBHOOK_INDEX_CACHE) this.webhookBots.clear();
    this.webhookBots.set(webhookId, found);
    return found;
  }

  getWebhook(webhookId: string): Promise<WebhookBlock | null> {
    return guard(async () => {
      const botId = await this.botOf(webhookId);
      if (!botId) return null;
      const block = parse<WebhookBlock>(await this.client.get(this.k.webhook(botId, webhookId)));
      if (!block) this.webhookBots.delete(webhookId);
      return block;
    });
  }

  loadHook(webhookId: string): Promise<HookConfig | null> {
    return guard(async () => {
      const botId = await this.botOf(webhookId);
      if (!botId) return null;
      const [block, version, account, subscribed] = await loadHook(
        this.client,
        [this.k.webhook(botId, webhookId), this.k.configVersion(botId), this.k.channels(botId), this.k.subscriptions(botId)],
        [],
      );
      if (!block || version === DELETED_VERSION) {
        this.webhookBots.delete(webhookId);
        return null;
      }
      return { block: JSON.parse(block) as WebhookBlock, version, account: parse<ChannelAccount>(account), subscribed: subscribed === 1 };
    });
  }

  listWebhooks(botId: string): Promise<WebhookBlock[]> {
    return guard(async () => {
      const members = await this.client.zRange(this.k.webhooks(botId), 0, -1);
      if (!members.length) return [];
      const raw = await this.client.mGet(members.map((m) => this.k.webhook(botId, m.slice(m.indexOf('|') + 1))));
      return raw.map((r) => parse<WebhookBlock>(r)).filter((b): b is WebhookBlock => b !== null);
    });
  }

  updateWebhook(block: WebhookBlock, expectedUpdatedAt?: string): Promise<boolean> {
    return guard(async () => {
      const done = await replaceIfUnchanged(
        this.client,
        [this.k.webhook(block.botId, block.id), this.k.configVersion(block.botId)],
        [JSON.stringify(block), expectedUpdatedAt ?? ''],
      );
      return done === 1;
    });
  }

  deleteWebhook(botId: string, webhookId: string): Promise<void> {
    return guard(async () => {
      const block = await this.client.get(this.k.webhook(botId, webhookId));
      if (!block) return;
      const { createdAt } = JSON.parse(block) as WebhookBlock;
      // The block (the bot's slot) first, then the index (its own): an index left behind by a crash
      // leads to no block, which reads as a 404.
      await this.client
        .multi()
        .addCommand(['DEL', this.k.webhook(botId, webhookId)])
        .addCommand(['ZREM', this.k.webhooks(botId), lexMember(createdAt, webhookId)])
        .addCommand([
          'DEL',
          this.k.activity(botId, webhookId),
          this.k.activityChanges(botId, webhookId),
          this.k.rejectionCap(botId, webhookId),
        ])
        .addCommand(['DEL', this.k.rateLimit(botId, webhookId, 'production'), this.k.rateLimit(botId, webhookId, 'development')])
        .addCommand(['INCR', this.k.configVersion(botId)])
        .exec();
      await this.client.del(this.k.webhookIndex(webhookId));
      this.webhookBots.delete(webhookId);
    });
  }

  // ---- inbound ----

  getIdempotency(botId: string, key: string): Promise<IdempotencyRecord | null> {
    return guard(async () => parse<IdempotencyRecord>(await this.client.get(this.k.idempotency(botId, sha256Hex(key)))));
  }

  acceptInbound(w: InboundWrite): Promise<InboundResult> {
    return guard(async () => {
      const { botId, webhookId, message } = w;
      const varFields: string[] = [];
      if (w.contact !== null) {
        for (const [name, value] of Object.entries(w.variables)) varFields.push(name, JSON.stringify(value));
        if (varFields.length) varFields.push(UPDATED_AT_FIELD, w.activity.receivedAt);
      }
      const lane = message ? laneOf(message.accountId, message.contact) : '';
      const emission = (w.rateLimit.periodSeconds * 1000) / w.rateLimit.limit;
      const bot = this.k.bot(botId);
      const write = acceptInbound(
        this.client,
        [
          w.idempotency ? this.k.idempotency(botId, sha256Hex(w.idempotency.key)) : bot,
          this.k.rateLimit(botId, webhookId, w.environment),
          w.contact !== null ? this.k.variables(botId, w.environment, w.channel, w.contact) : bot,
          this.k.activity(botId, webhookId),
          this.k.events(botId),
          message ? this.k.message(botId, message.id) : bot,
          message ? this.k.lane(botId, lane) : bot,
          this.k.due(botId),
          this.k.configVersion(botId),
          this.k.activityChanges(botId, webhookId),
        ],
        [
          w.now,
          emission,
          w.rateLimit.periodSeconds * 1000,
          IDEMPOTENCY_TTL_SECONDS,
          w.idempotency ? JSON.stringify(w.idempotency.record) : '',
          JSON.stringify(w.activity),
          this.options.activityLimit,
          this.options.eventRetention,
          message?.id ?? '',
          message ? JSON.stringify(message) : '',
          lane,
          varFields.length / 2,
          w.events.length,
          w.configVersion ?? '',
          w.activity.requestId,
          changeKeep(this.options.activityLimit),
          ...varFields,
          ...w.events.map((e) => JSON.stringify(e)),
        ],
      );
      // The schedulers' signal goes out in the same round trip, right behind the write (Redis runs
      // a connection's commands in order). Sent even if the write is refused (a worker then finds
      // nothing due); a failed one must not fail a stored call, and reconcile repairs a lost one.
      // On a cluster the schedules are in other slots, on other masters: sent together, the signal
      // could run first, and a worker woken by it find nothing, release the bot off the schedule and
      // leave the call's reply to the next reconcile. There it follows the write's answer instead
      // (a crash in between is a lost signal, which reconcile repairs).
      const targets = { replies: message !== null, events: w.events.length > 0 && w.dispatch !== false };
      let reply: Awaited<typeof write>;
      if (this.inOrder) {
        const signalled = this.options.schedulers.signal(botId, w.now, targets).catch(() => {});
        [reply] = await Promise.all([write, signalled]);
      } else {
        reply = await write;
        await this.options.schedulers.signal(botId, w.now, targets).catch(() => {});
      }
      if (reply[0] === 'replay') return { kind: 'replay', record: JSON.parse(reply[1]) as IdempotencyRecord };
      if (reply[0] === 'limited') return { kind: 'rate-limited', retryAfterMs: Number(reply[1]) };
      if (reply[0] === 'stale') return { kind: 'stale' };
      return { kind: 'accepted' };
    });
  }

  // ---- reads ----

  getVariables(botId: string, environment: Environment, channel: Channel, contact: string): Promise<ContactVariables | null> {
    return guard(async () => {
      const hash = (await this.client.hGetAll(this.k.variables(botId, environment, channel, contact))) as Record<string, string>;
      return contactFromHash(channel, contact, environment, hash);
    });
  }

  /**
   * SCANs the bot's variables keys (they share its hash tag, so one node holds them all); an admin
   * read, never on a call's path. The cursor is Redis's SCAN cursor.
   */
  /**
   * Contacts by SCAN, at most `limit` a page. A SCAN batch can hold more keys than the page has
   * room for, so the cursor is the batch's SCAN cursor plus the digest of the last key shown: the
   * next page scans the same batch again and continues after that key (keys sorted by digest).
   */
  listContacts(botId: string, environment: Environment, channel: Channel | null, page: PageRequest): Promise<Page<ContactVariables>> {
    return guard(async () => {
      const base = this.k.variables(botId, environment, channel ?? '', '');
      const prefix = channel === null ? base.slice(0, -1) : base;
      const position = page.cursor ? decodeCursor(page.cursor, CONTACT_CURSOR) : '0';
      let [scanCursor, after] = position.split('|') as [string, string | undefined];
      const items: ContactVariables[] = [];
      do {
        const reply = await this.client.scan(scanCursor, { MATCH: `${globEscape(prefix)}*`, COUNT: 500 });
        const batch = reply.keys
          .map((key) => ({ key, digest: sha256Hex(key).slice(0, 32) }))
          .filter(({ digest }) => after === undefined || digest > after)
          .sort((a, b) => (a.digest < b.digest ? -1 : 1));
        after = undefined;
        for (const [i, { key, digest }] of batch.entries()) {
          const rest = key.slice(prefix.length);
          const [keyChannel, contact] = channel === null ? splitOnce(rest) : [channel, rest];
          if (!CHANNELS.includes(keyChannel as Channel)) continue;
          const hash = (await this.client.hGetAll(key)) as Record<string, string>;
          const found = contactFromHash(keyChannel as Channel, contact, environment, hash);
          if (found) items.push(found);
          if (items.length === page.limit) {
            const more = i < batch.length - 1;
            if (more) return { items, nextCursor: encodeCursor(`${scanCursor}|${digest}`) };
            const next = String(reply.cursor);
            return { items, nextCursor: next === '0' ? null : encodeCursor(next) };
          }
        }
        scanCursor = String(reply.cursor);
      } while (scanCursor !== '0');
      return { items, nextCursor: null };
    });
  }

  deleteContact(botId: string, channel: Channel, contact: string): Promise<boolean> {
    return guard(async () => {
      const removed = await this.client.del(ENVIRONMENTS.map((env) => this.k.variables(botId, env, channel, contact)));
      return removed > 0;
    });
  }

  listActivity(botId: string, webhookId: string, page: PageRequest): Promise<Page<ActivityEntry>> {
    return guard(() => this.streamPage<ActivityEntry>(this.k.activity(botId, webhookId), page));
  }

  recordRejection(write: RejectionWrite): Promise<RejectionResult> {
    return this.activity.recordRejection(write);
  }

  scanActivity(botId: string, webhookId: string, before: string | null, count: number): Promise<PositionedEntry[]> {
    return this.activity.scan(botId, webhookId, before, count);
  }

  activityChanges(botId: string, webhookId: string, after: string, limit: number): Promise<ActivityChange[]> {
    return this.activity.changes(botId, webhookId, after, limit);
  }

  lastActivityChange(botId: string, webhookId: string): Promise<string> {
    return this.activity.lastChange(botId, webhookId);
  }

  getMessages(botId: string, messageIds: string[]): Promise<(Reply | null)[]> {
    return guard(async () => {
      if (!messageIds.length) return [];
      const raw = await this.client.mGet(messageIds.map((m) => this.k.message(botId, m)));
      const messages = raw.map((r) => parse<Reply>(r));
      // A message a worker holds reads `sending`: its lane's lease names it (see reply-claims.ts).
      const leases = await this.client.hmGet(
        this.k.leases(botId),
        messages.map((m) => (m ? laneOf(m.accountId, m.contact) : '')),
      );
      return messages.map((m, i) => (m ? withClaim(m, leases[i]) : null));
    });
  }

  appendEvents(botId: string, events: BotEvent[]): Promise<void> {
    return guard(async () => {
      const multi = this.client.multi();
      for (const e of events) {
        // Untrimmed: retention applies behind the dispatch cursor (commit-dispatch-5.lua).
        multi.addCommand(['XADD', this.k.events(botId), '*', 'e', JSON.stringify(e)]);
      }
      await multi.exec();
      if (events.length) await this.options.schedulers.signal(botId, this.options.clock.now(), { events: true });
    });
  }

  listEvents(botId: string, page: PageRequest): Promise<Page<BotEvent>> {
    return guard(() => this.streamPage<BotEvent>(this.k.events(botId), page));
  }

  appendSandboxMessage(botId: string, accountId: string, message: SandboxMessage): Promise<void> {
    return guard(async () => {
      // Refused once the bot is deleted: a send under way at the delete leaves nothing behind the sweep.
      await appendSandbox(this.client, [this.k.sandbox(botId, accountId), this.k.bot(botId)], [SANDBOX_KEEP, JSON.stringify(message)]);
    });
  }

  listSandboxMessages(botId: string, accountId: string, page: PageRequest): Promise<Page<SandboxMessage>> {
    return guard(() => this.streamPage<SandboxMessage>(this.k.sandbox(botId, accountId), page));
  }

  /** Newest first; the cursor is the stream id of the last item returned. */
  private async streamPage<T>(key: string, page: PageRequest): Promise<Page<T>> {
    const end = page.cursor ? `(${decodeCursor(page.cursor, STREAM_ID)}` : '+';
    const entries = (await this.client.sendCommand(['XREVRANGE', key, end, '-', 'COUNT', String(page.limit + 1)])) as StreamEntry[];
    const pageEntries = entries.slice(0, page.limit);
    const items = pageEntries.map(([, fields]) => JSON.parse(fields[1]!) as T);
    const last = pageEntries.at(-1);
    return { items, nextCursor: entries.length > page.limit && last ? encodeCursor(last[0]) : null };
  }
}

function parse<T>(raw: string | null | undefined): T | null {
  return raw ? (JSON.parse(raw) as T) : null;
}

function byCreation(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

function contactFromHash(
  channel: Channel,
  contact: string,
  environment: Environment,
  hash: Record<string, string>,
): ContactVariables | null {
  const updatedAt = hash[UPDATED_AT_FIELD];
  if (!updatedAt) return null;
  const variables: JsonObject = {};
  for (const [name, value] of Object.entries(hash)) {
    if (name !== UPDATED_AT_FIELD) variables[name] = JSON.parse(value) as JsonValue;
  }
  return { channel, contact, environment, variables, updatedAt };
}

/** A literal for a SCAN MATCH pattern: glob characters in bot ids or prefixes match only themselves. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf(':');
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
