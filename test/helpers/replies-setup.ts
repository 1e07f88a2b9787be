/**
 * Setup for the reply delivery suites (test/replies/): a bot whose conversational block replies
 * on a provider channel, calls through `POST /hooks/{id}`, and reads of what a user then sees
 * (the activity entry's reply status, the bot's event stream). Everything goes through the API.
 */
import { expect, vi } from 'vitest';
import type { ApiResponse } from './api.ts';
import { POLL } from './clock.ts';

/** The in-process `Api` or an `HttpApi` to a running service: both check responses against openapi.yaml. */
export interface ApiClient {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  withToken(token: string | null): ApiClient;
}

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
export async function aReplyBot(api: ApiClient, channel: string, credentials: Record<string, unknown> | undefined, config: Record<string, unknown>): Promise<ReplyBot> {
  const bot = await api.post('/v1/bots', { name: `${channel} delivery bot` });
  expect(bot.status, bot.text).toBe(201);
  const account = await api.post(`/v1/bots/${bot.body.id}/channels`, {
    channel,
    alias: `${channel}-line`,
    ...(credentials ? { credentials } : {}),
    config,
  });
  expect(account.status, account.text).toBe(201);
  const block = await api.post(`/v1/bots/${bot.body.id}/webhooks`, {
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
  expect(block.status, block.text).toBe(201);
  return { botId: bot.body.id, accountId: account.body.id, webhookId: block.body.id, token: block.body.tokens.production };
}

/** One inbound call for `contact`; returns the queued message's id. */
export async function callFor(api: ApiClient, bot: ReplyBot, contact: string, n: number | string, name = 'Ada'): Promise<string> {
  const res = await api.withToken(null).post(`/hooks/${bot.webhookId}`, { contact_reference_id: contact, n, name }, { authorization: `Bearer ${bot.token}` });
  expect(res.status, res.text).toBe(202);
  expect(res.body.reply).toMatchObject({ status: 'queued' });
  return res.body.reply.messageId as string;
}

export interface ReplyView {
  messageId: string;
  status: string;
  attempts: number;
  providerMessageId: string | null;
  nextAttemptAt: string | null;
  error: { code: string; message: string } | null;
}

/** Every activity entry's reply of the block, by message id (the newest 100 calls). */
export async function repliesOf(api: ApiClient, bot: ReplyBot): Promise<Map<string, ReplyView>> {
  const res = await api.get(`/v1/bots/${bot.botId}/webhooks/${bot.webhookId}/activity?limit=100`);
  expect(res.status, res.text).toBe(200);
  return new Map((res.body.data as { reply: ReplyView | null }[]).flatMap((entry) => (entry.reply ? [[entry.reply.messageId, entry.reply]] : [])));
}

/** The activity entry's reply for one message, as the API shows it. */
export async function replyOf(api: ApiClient, bot: ReplyBot, messageId: string): Promise<ReplyView> {
  const reply = (await repliesOf(api, bot)).get(messageId);
  expect(reply, `no activity entry for ${messageId}`).toBeDefined();
  return reply!;
}

/** Polls the activity entry until its reply is in `status`. */
export function replyReaches(api: ApiClient, bot: ReplyBot, messageId: string, status: string, timeout = POLL.timeout): Promise<ReplyView> {
  return vi.waitFor(async () => {
    const reply = await replyOf(api, bot, messageId);
    expect(reply.status, `reply ${messageId}`).toBe(status);
    return reply;
  }, { ...POLL, timeout });
}

/** The bot's events of one type, oldest first. */
export async function eventsOf(api: ApiClient, botId: string, type: string): Promise<any[]> {
  const res = await api.get(`/v1/bots/${botId}/events?limit=100`);
  expect(res.status, res.text).toBe(200);
  return (res.body.data as any[]).filter((e) => e.type === type).reverse();
}
