/**
 * Setup for the inbound route suites (`POST /hooks/{webhookId}`): a bot with a sandbox account and
 * a webhook block (tokens from the create response), calls with any headers or raw body, and a
 * reply worker over the test app's own store.
 */
import { expect } from 'vitest';
import type { Api, ApiResponse } from './api.ts';

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
  [field: string]: unknown;
}

export interface InboundSetup {
  botId: string;
  accountId: string;
  alias: string;
  webhook: CreatedWebhook;
  tokens: Tokens;
}

/** The block most inbound tests call: conversational, two mappings (one required), a reply. */
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

export async function createBot(api: Api, name = 'Inbound bot'): Promise<string> {
  const res = await api.post('/v1/bots', { name });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** Connects a channel account (a sandbox one by default) and returns its id. */
export async function connectAccount(api: Api, botId: string, alias: string, channel = 'sandbox', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post(`/v1/bots/${botId}/channels`, { channel, alias, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

export async function createBlock(api: Api, botId: string, block: Record<string, unknown> = ORDER_BLOCK): Promise<CreatedWebhook> {
  const res = await api.post(`/v1/bots/${botId}/webhooks`, block);
  expect(res.status, res.text).toBe(201);
  return res.body as CreatedWebhook;
}

/** A new bot with one sandbox account (`alias`) and one block on it. */
export async function setupInbound(api: Api, block: Record<string, unknown> = ORDER_BLOCK, alias = 'test'): Promise<InboundSetup> {
  const botId = await createBot(api);
  const accountId = await connectAccount(api, botId, alias);
  const webhook = await createBlock(api, botId, block);
  return { botId, accountId, alias, webhook, tokens: webhook.tokens };
}

/** POSTs a JSON body to a block's inbound URL with a webhook token (and any extra headers). */
export function callHook(api: Api, webhookId: string, token: string | null, body: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return api.withToken(null).post(`/hooks/${webhookId}`, body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
}

/** POSTs a raw body with exactly the headers given (no content type is added). */
export function callHookRaw(api: Api, webhookId: string, rawBody: string | Uint8Array, headers: Record<string, string>): Promise<ApiResponse> {
  return api.withToken(null).request('POST', `/hooks/${webhookId}`, { rawBody: rawBody as RequestInit['body'], headers });
}
