import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Bot, WebhookBlock } from '../domain/types.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { validationHook } from '../http/validation.ts';

/** A sub-app whose validation failures become problem+json. */
export function openApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const BotIdParam = z.string().max(64).openapi({ param: { name: 'botId', in: 'path' }, example: 'bot_V1StGXR8Z5jdHi6BmyTa' });
export const WebhookIdParam = z
  .string()
  .max(64)
  .openapi({ param: { name: 'webhookId', in: 'path' }, example: 'wh_3kTMd9fQ0aZ1x8Lw2bYc' });
export const AccountIdParam = z
  .string()
  .max(64)
  .openapi({ param: { name: 'accountId', in: 'path' }, example: 'acc_9xQeWvG816bUx8Lw2bYc' });

export function notFound(what: string): ApiError {
  return new ApiError('not-found', `No such ${what}.`);
}

/** The bot, if it exists in the caller's workspace; a 404 otherwise, exactly as for a missing one. */
export async function loadBot(c: Context<AppEnv>, botId: string): Promise<Bot> {
  const bot = await c.get('services').store.getBot(botId);
  if (!bot || bot.workspaceId !== c.get('principal').workspaceId) throw notFound('bot');
  return bot;
}

export async function loadWebhook(c: Context<AppEnv>, botId: string, webhookId: string): Promise<WebhookBlock> {
  await loadBot(c, botId);
  const block = await c.get('services').store.getWebhook(webhookId);
  if (!block || block.botId !== botId) throw notFound('webhook');
  return block;
}

export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-23T17:20:00.000Z' });

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

/** A JSON success response. */
export const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
