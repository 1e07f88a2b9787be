/**
 * The steps most tests take through the public API, each failing the test unless it succeeds:
 * create a bot, connect a channel account, create a webhook block, call its inbound URL, subscribe
 * to events and publish them; and the reads of what a user then sees (replies in the activity log,
 * the bot's events, a subscription's deliveries). Every step takes either checked client: `Api` in
 * process or `HttpApi` to a running service.
 */
import { expect, vi } from 'vitest';
import type { ApiResponse, CheckedClient } from './api.ts';
import { POLL } from './clock.ts';

export interface Tokens {
  production: string;
  development: string;
}

export interface CreatedWebhook {
  id: string;
  botId: string;
  url: string;
  name: string;
  type: 'conversational' | 'workflow';
  channel: string;
  account: string;
  accountId: string;
  tokens: Tokens;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface InboundSetup {
  botId: string;
  accountId: string;
  alias: string;
  webhook: CreatedWebhook;
  tokens: Tokens;
}

/** The block most tests call: conversational, two mappings (one required), a reply, a rate limit no test reaches. */
export const ORDER_BLOCK = {
  name: 'Order shipped',
  type: 'conversational',
  variables: [
    { data: 'data.name', variable: 'customer_name' },
    { data: '$.data.order.id', variable: 'order_id', required: true },
  ],
  reply: { text: 'Hi {{customer_name}}, order {{order_id}} has shipped.' },
  rateLimit: { limit: 10_000, periodSeconds: 1 },
} as const;

/** A body ORDER_BLOCK accepts. */
export function orderBody(contact = 'contact-1', name = 'Ada', orderId: unknown = 'A-1001'): Record<string, unknown> {
  return { contact_reference_id: contact, data: { name, order: { id: orderId } } };
}

/** A conversational block that greets the body's `data.name`: its replies read `Hi <name>`. */
export const GREETING_BLOCK = {
  name: 'Greeting',
  type: 'conversational',
  variables: [{ data: 'data.name', variable: 'customer_name' }],
  reply: { text: 'Hi {{customer_name}}' },
} as const;

export async function createBot(api: CheckedClient, name = 'Support bot'): Promise<string> {
  const res = await api.post('/v1/bots', { name });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** Connects a channel account (a sandbox one by default) and returns its id. */
export async function connectAccount(
  api: CheckedClient,
  botId: string,
  alias = 'test',
  channel = 'sandbox',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await api.post(`/v1/bots/${botId}/channels`, { channel, alias, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** A new bot with one active sandbox account. */
export async function createBotWithSandbox(
  api: CheckedClient,
  alias = 'test',
): Promise<{ botId: string; accountId: string; alias: string }> {
  const botId = await createBot(api);
  return { botId, accountId: await connectAccount(api, botId, alias), alias };
}

export async function createBlock(
  api: CheckedClient,
  botId: string,
  block: Record<string, unknown> = ORDER_BLOCK,
): Promise<CreatedWebhook> {
  const res = await api.post(`/v1/bots/${botId}/webhooks`, block);
  expect(res.status, res.text).toBe(201);
  return res.body as CreatedWebhook;
}

/** A new bot with one sandbox account (`alias`) and one block on it. */
export async function setupInbound(
  api: CheckedClient,
  block: Record<string, unknown> = ORDER_BLOCK,
  alias = 'test',
): Promise<InboundSetup> {
  const { botId, accountId } = await createBotWithSandbox(api, alias);
  const webhook = await createBlock(api, botId, block);
  return { botId, accountId, alias, webhook, tokens: webhook.tokens };
}

/** POSTs a JSON body to a block's inbound URL with a webhook token (and any extra headers). */
export function callHook(
  api: CheckedClient,
  webhookId: string,
  token: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  return api.withToken(null).post(`/hooks/${webhookId}`, body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
}

/** POSTs a raw body with exactly the headers given (no content type is added). */
export function callHookRaw(
  api: CheckedClient,
  webhookId: string,
  rawBody: string | Uint8Array,
  headers: Record<string, string>,
): Promise<ApiResponse> {
  return api.withToken(null).request('POST', `/hooks/${webhookId}`, { rawBody: rawBody as RequestInit['body'], headers });
}

/** Creates a subscription; the response holds the secret. */
export async function subscribe(api: CheckedClient, botId: string, body: Record<string, unknown>): Promise<any> {
  const res = await api.post(`/v1/bots/${botId}/subscriptions`, { name: 'Subscriber', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Publishes an event and returns its id. */
export async function publish(
  api: CheckedClient,
  botId: string,
  type: string,
  data: Record<string, unknown> = {},
  environment?: 'production' | 'development',
): Promise<string> {
  const res = await api.post(`/v1/bots/${botId}/events`, { type, data, ...(environment ? { environment } : {}) });
  expect(res.status, res.text).toBe(202);
  return res.body.id;
}

/** The bot's events, newest first (the newest 100). */
export async function botEvents(api: CheckedClient, botId: string): Promise<any[]> {
  const res = await api.get(`/v1/bots/${botId}/events?limit=100`);
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

/** The bot's events of one type, oldest first. */
export async function eventsOf(api: CheckedClient, botId: string, type: string): Promise<any[]> {
  return (await botEvents(api, botId)).filter((e) => e.type === type).reverse();
}

/** A subscription's delivery log, newest first; `query` is appended as is (`?status=failed`). */
export async function deliveries(api: CheckedClient, botId: string, subscriptionId: string, query = ''): Promise<any[]> {
  const res = await api.get(`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

/** Waits for a finished (succeeded or failed) delivery of the event and returns it. */
export function finishedDelivery(
  api: CheckedClient,
  botId: string,
  subscriptionId: string,
  eventId: string,
  timeout = POLL.timeout,
): Promise<any> {
  return vi.waitFor(
    async () => {
      const delivery = (await deliveries(api, botId, subscriptionId)).find((d) => d.event.id === eventId);
      expect(delivery, `a delivery of ${eventId}`).toBeDefined();
      expect(delivery.status, `the delivery of ${eventId}`).not.toBe('pending');
      return delivery;
    },
    { ...POLL, timeout },
  );
}

/** Credentials the fake WhatsApp (fakes/meta.ts) accepts, and a contact it can deliver to. */
export const WHATSAPP = {
  credentials: { accessToken: 'EAAGsecret-delivery-whatsapp-token-31d9', phoneNumberId: '106540352242922' },
  contact: '+14155550123',
};

export interface ReplyBot {
  botId: string;
  accountId: string;
  webhookId: string;
  token: string;
}

/**
 * A bot with one account on `channel` and a conversational block whose reply is
 * `Message {{n}} for {{name}}` (the body's `n` and `name`), with a rate limit no test reaches.
 */
export async function createReplyBot(
  api: CheckedClient,
  channel: string,
  credentials: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
): Promise<ReplyBot> {
  const botId = await createBot(api, `${channel} delivery bot`);
  const accountId = await connectAccount(api, botId, `${channel}-line`, channel, { ...(credentials ? { credentials } : {}), config });
  const block = await createBlock(api, botId, {
    name: 'Order update',
    type: 'conversational',
    channel,
    account: `${channel}-line`,
    variables: [
      { data: 'n', variable: 'n' },
      { data: 'name', variable: 'name' },
    ],
    reply: { text: 'Message {{n}} for {{name}}' },
    rateLimit: { limit: 10_000, periodSeconds: 1 },
  });
  return { botId, accountId, webhookId: block.id, token: block.tokens.production };
}

/** One inbound call for `contact`; returns the queued message's id. */
export async function callFor(api: CheckedClient, bot: ReplyBot, contact: string, n: number | string, name = 'Ada'): Promise<string> {
  const res = await callHook(api, bot.webhookId, bot.token, { contact_reference_id: contact, n, name });
  expect(res.status, res.text).toBe(202);
  expect(res.body.reply).toMatchObject({ status: 'queued' });
  return res.body.reply.messageId as string;
}

export interface ReplyView {
  messageId: string;
  status: string;
  simulated: boolean;
  attempts: number;
  providerMessageId: string | null;
  nextAttemptAt: string | null;
  error: { code: string; message: string } | null;
  fallback: unknown;
}

/** Every activity entry's reply of the block, by message id (the newest 100 calls). */
export async function repliesOf(api: CheckedClient, bot: ReplyBot): Promise<Map<string, ReplyView>> {
  const res = await api.get(`/v1/bots/${bot.botId}/webhooks/${bot.webhookId}/activity?limit=100`);
  expect(res.status, res.text).toBe(200);
  return new Map(
    (res.body.data as { reply: ReplyView | null }[]).flatMap((entry) => (entry.reply ? [[entry.reply.messageId, entry.reply]] : [])),
  );
}

/** The activity entry's reply for one message, as the API shows it. */
export async function replyOf(api: CheckedClient, bot: ReplyBot, messageId: string): Promise<ReplyView> {
  const reply = (await repliesOf(api, bot)).get(messageId);
  expect(reply, `no activity entry for ${messageId}`).toBeDefined();
  return reply!;
}

/** Waits until the activity entry shows the reply in `status`, and returns the reply. */
export function replyReaches(
  api: CheckedClient,
  bot: ReplyBot,
  messageId: string,
  status: string,
  timeout = POLL.timeout,
): Promise<ReplyView> {
  return vi.waitFor(
    async () => {
      const reply = await replyOf(api, bot, messageId);
      expect(reply.status, `reply ${messageId}`).toBe(status);
      return reply;
    },
    { ...POLL, timeout },
  );
}
