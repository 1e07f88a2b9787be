/**
 * Loaders shared by the admin routes: each answers 404 for a resource outside the caller's workspace
 * exactly as for a missing one, so ids of other workspaces cannot be probed.
 */
import type { Context } from 'hono';
import type { Bot, ChannelAccount, WebhookBlock } from '../domain/types.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import type { Delivery, Subscription } from '../store/subscriptions.ts';

export function notFound(what: string): ApiError {
  return new ApiError('not-found', `No such ${what}.`);
}

/** The bot, if it exists in the caller's workspace. */
export async function loadBot(c: Context<AppEnv>, botId: string): Promise<Bot> {
  const bot = await c.get('services').store.getBot(botId);
  if (!bot || bot.workspaceId !== c.get('principal').workspaceId) throw notFound('bot');
  return bot;
}

export async function loadChannel(c: Context<AppEnv>, botId: string, accountId: string): Promise<ChannelAccount> {
  await loadBot(c, botId);
  const account = await c.get('services').store.getChannel(botId, accountId);
  if (!account) throw notFound('channel account');
  return account;
}

export async function loadWebhook(c: Context<AppEnv>, botId: string, webhookId: string): Promise<WebhookBlock> {
  await loadBot(c, botId);
  const block = await c.get('services').store.getWebhook(webhookId);
  if (!block || block.botId !== botId) throw notFound('webhook');
  return block;
}

export async function loadSubscription(c: Context<AppEnv>, botId: string, subscriptionId: string): Promise<Subscription> {
  await loadBot(c, botId);
  const subscription = await c.get('services').subscriptions.getSubscription(botId, subscriptionId);
  if (!subscription) throw notFound('subscription');
  return subscription;
}

/** The delivery with the subscription it belongs to. */
export async function loadDelivery(
  c: Context<AppEnv>,
  botId: string,
  subscriptionId: string,
  deliveryId: string,
): Promise<{ subscription: Subscription; delivery: Delivery }> {
  const subscription = await loadSubscription(c, botId, subscriptionId);
  const delivery = await c.get('services').subscriptions.getDelivery(botId, deliveryId);
  if (!delivery || delivery.subscriptionId !== subscriptionId) throw notFound('delivery');
  return { subscription, delivery };
}
