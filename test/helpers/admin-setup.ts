/** Setup shared by the admin API suites: bots with channel accounts, webhook blocks, a reply worker. */
import { expect } from 'vitest';
import type { Api, ApiResponse } from './api.ts';

export interface BotWithAccount {
  botId: string;
  accountId: string;
  alias: string;
}

/** A new bot with one active sandbox account. */
export async function aBotWithSandbox(api: Api, alias = 'test'): Promise<BotWithAccount> {
  const bot = await api.post('/v1/bots', { name: 'Support bot' });
  expect(bot.status, bot.text).toBe(201);
  const account = await api.post(`/v1/bots/${bot.body.id}/channels`, { channel: 'sandbox', alias });
  expect(account.status, account.text).toBe(201);
  return { botId: bot.body.id, accountId: account.body.id, alias };
}

/** The block used across suites: a conversational sandbox webhook with two mappings. */
export const ORDER_SHIPPED = {
  name: 'Order shipped',
  variables: [
    { data: 'data.name', variable: 'customer_name' },
    { data: '$.data.order.id', variable: 'order_id', required: true },
  ],
  reply: { text: 'Hi {{customer_name}}, order {{order_id}} has shipped.' },
};

/** Creates a webhook block and fails the test unless it is created. */
export async function createWebhook(api: Api, botId: string, body: Record<string, unknown> = ORDER_SHIPPED): Promise<any> {
  const res = await api.post(`/v1/bots/${botId}/webhooks`, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** POSTs a body to a block's inbound URL with the given webhook token. */
export function callHook(api: Api, webhookId: string, token: string, body: unknown): Promise<ApiResponse> {
  return api.withToken(null).post(`/hooks/${webhookId}`, body, { authorization: `Bearer ${token}` });
}

