import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { randomBytes } from 'node:crypto';
import type { Channel, ChannelAccount, Environment, TokenState, WebhookBlock } from '../domain/types.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { ADMIN_PROBLEMS, problems } from '../http/schemas.ts';
import { isoTime, nextUpdatedAt } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Services } from '../services.ts';
import { BotIdParam, jsonBody, loadBot, loadWebhook, ok, openApiApp, WebhookIdParam } from './common.ts';
import {
  RotatedTokenSchema,
  RotateTokenSchema,
  WebhookCreatedSchema,
  WebhookCreateSchema,
  WebhookPatchSchema,
  WebhookSchema,
} from './webhook-schemas.ts';

export const DEFAULT_RATE_LIMIT = { limit: 100, periodSeconds: 1 };
const MAX_WEBHOOKS_PER_BOT = 1000;

export function webhookUrl(services: Services, webhookId: string): string {
  return `${services.config.publicBaseUrl}/hooks/${webhookId}`;
}

function webhookView(services: Services, block: WebhookBlock) {
  const { tokens: _tokens, workspaceId: _ws, ...rest } = block;
  return { ...rest, url: webhookUrl(services, block.id) };
}

/**
 * The block with its account's current alias. Blocks point at their account by id; the alias stored
 * with a block goes stale when the account is renamed, and views, samples and previews show the live one.
 */
async function withLiveAlias(services: Services, blocks: WebhookBlock[]): Promise<WebhookBlock[]> {
  if (blocks.length === 0) return blocks;
  const aliases = new Map((await services.store.listChannels(blocks[0]!.botId)).map((a) => [a.id, a.alias]));
  return blocks.map((b) => {
    const alias = aliases.get(b.accountId);
    return alias !== undefined && alias !== b.account ? { ...b, account: alias } : b;
  });
}

export async function loadLiveWebhook(c: Context<AppEnv>, botId: string, webhookId: string): Promise<WebhookBlock> {
  const [block] = await withLiveAlias(c.get('services'), [await loadWebhook(c, botId, webhookId)]);
  return block!;
}

function newTokenState(now: number, previous: TokenState['previous'] = null): TokenState {
  return { jti: randomBytes(16).toString('base64url'), issuedAt: now, previous };
}

export async function mintTokens(services: Services, block: WebhookBlock): Promise<Record<Environment, string>> {
  const [production, development] = await Promise.all([
    services.webhookTokens.mint(block.id, 'production', block.tokens.production),
    services.webhookTokens.mint(block.id, 'development', block.tokens.development),
  ]);
  return { production, development };
}

/**
 * The active account a block replies through. With neither channel nor account given, the bot's
 * only active account; a bot without one cannot have webhooks yet.
 */
async function resolveAccount(c: Context<AppEnv>, botId: string, channel?: Channel, account?: string): Promise<ChannelAccount> {
  const active = (await c.get('services').store.listChannels(botId)).filter((a) => a.active);
  if (active.length === 0) {
    throw new ApiError(
      'unprocessable',
      `This bot has no active channel account. Connect a channel first: POST /v1/bots/${botId}/channels`,
    );
  }
  const matches = active.filter((a) => (!channel || a.channel === channel) && (!account || a.alias === account || a.id === account));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ApiError('validation', 'Choose the channel account this webhook replies through.', {
      errors: [{ path: '/account', message: `one of: ${matches.map((a) => `${a.channel}/${a.alias}`).join(', ')}` }],
    });
  }
  throw new ApiError('unprocessable', `No active ${channel ?? ''} account '${account ?? ''}' on this bot.`.replace(/\s+/g, ' '), {
    errors: [{ path: '/account', message: `must name an active account; active: ${active.map((a) => `${a.channel}/${a.alias}`).join(', ')}` }],
  });
}

/** Saves an edit unless the block changed since it was read (409: the caller retries on fresh data). */
async function saveWebhook(services: Services, updated: WebhookBlock, readUpdatedAt: string): Promise<void> {
  if (!(await services.store.updateWebhook(updated, readUpdatedAt))) {
    throw new ApiError('conflict', 'The webhook changed while this request was handled (another edit or a token rotation); send it again.');
  }
}

function checkReply(type: WebhookBlock['type'], reply: WebhookBlock['reply']): void {
  if (type === 'conversational' && !reply) {
    throw new ApiError('validation', 'A conversational webhook needs a reply.', {
      errors: [{ path: '/reply', message: 'required when type is conversational' }],
    });
  }
}

export function webhookRoutes() {
  const app = openApiApp();
  const botPath = { params: z.object({ botId: BotIdParam }) };
  const hookPath = { params: z.object({ botId: BotIdParam, webhookId: WebhookIdParam }) };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/webhooks',
      tags: ['Webhooks'],
      summary: 'Create a webhook block',
      description: 'Returns the block’s URL and its production and development tokens.',
      request: { ...botPath, body: jsonBody(WebhookCreateSchema) },
      responses: { 201: ok(WebhookCreatedSchema, 'The block with its URL and tokens'), ...problems(...ADMIN_PROBLEMS, 409, 422) },
    }),
    async (c) => {
      const services = c.get('services');
      const bot = await loadBot(c, c.req.valid('param').botId);
      const body = c.req.valid('json');
      const account = await resolveAccount(c, bot.id, body.channel, body.account);
      const reply = body.reply ?? null;
      checkReply(body.type, reply);
      if ((await services.store.listWebhooks(bot.id)).length >= MAX_WEBHOOKS_PER_BOT) {
        throw new ApiError('conflict', `A bot can have at most ${MAX_WEBHOOKS_PER_BOT} webhooks.`);
      }
      const now = services.clock.now();
      const block: WebhookBlock = {
        id: newId('wh'),
        botId: bot.id,
        workspaceId: bot.workspaceId,
        name: body.name,
        type: body.type,
        channel: account.channel,
        account: account.alias,
        accountId: account.id,
        contactReference: body.contactReference,
        variables: body.variables as WebhookBlock['variables'],
        reply,
        folder: body.folder ?? null,
        enabled: body.enabled,
        rateLimit: body.rateLimit ?? DEFAULT_RATE_LIMIT,
        tokens: { production: newTokenState(now), development: newTokenState(now) },
        createdAt: isoTime(now),
        updatedAt: isoTime(now),
      };
      await services.store.createWebhook(block);
      return c.json({ ...webhookView(services, block), tokens: await mintTokens(services, block) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/webhooks',
      tags: ['Webhooks'],
      summary: 'List the bot’s webhook blocks',
      request: { ...botPath, query: z.object({ folder: z.string().max(100).optional().openapi({ param: { name: 'folder', in: 'query' } }) }) },
      responses: { 200: ok(z.object({ data: z.array(WebhookSchema) }).openapi('WebhookList'), 'The blocks, oldest first'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const { folder } = c.req.valid('query');
      const all = await c.get('services').store.listWebhooks(bot.id);
      const shown = await withLiveAlias(c.get('services'), folder === undefined ? all : all.filter((w) => w.folder === folder));
      return c.json({ data: shown.map((w) => webhookView(c.get('services'), w)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/webhooks/{webhookId}',
      tags: ['Webhooks'],
      summary: 'Get a webhook block',
      request: hookPath,
      responses: { 200: ok(WebhookSchema, 'The block (tokens are re-issued by `samples`)'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, webhookId } = c.req.valid('param');
      return c.json(webhookView(c.get('services'), await loadLiveWebhook(c, botId, webhookId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/bots/{botId}/webhooks/{webhookId}',
      tags: ['Webhooks'],
      summary: 'Update a webhook block (enable, disable, move to a folder, change mappings…)',
      request: { ...hookPath, body: jsonBody(WebhookPatchSchema) },
      responses: { 200: ok(WebhookSchema, 'The updated block'), ...problems(...ADMIN_PROBLEMS, 409, 422) },
    }),
    async (c) => {
      const services = c.get('services');
      const { botId, webhookId } = c.req.valid('param');
      const block = await loadLiveWebhook(c, botId, webhookId);
      const patch = c.req.valid('json');
      const moving = patch.channel !== undefined || patch.account !== undefined;
      const account = moving
        ? await resolveAccount(c, botId, patch.channel ?? (patch.account ? undefined : block.channel), patch.account)
        : null;
      const updated: WebhookBlock = {
        ...block,
        name: patch.name ?? block.name,
        type: patch.type ?? block.type,
        ...(account ? { channel: account.channel, account: account.alias, accountId: account.id } : {}),
        contactReference: patch.contactReference ?? block.contactReference,
        variables: (patch.variables as WebhookBlock['variables'] | undefined) ?? block.variables,
        reply: patch.reply === undefined ? block.reply : patch.reply,
        folder: patch.folder === undefined ? block.folder : patch.folder,
        enabled: patch.enabled ?? block.enabled,
        rateLimit: patch.rateLimit ?? block.rateLimit,
        updatedAt: nextUpdatedAt(block.updatedAt, services.clock.now()),
      };
      checkReply(updated.type, updated.reply);
      await saveWebhook(services, updated, block.updatedAt);
      return c.json(webhookView(services, updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/bots/{botId}/webhooks/{webhookId}',
      tags: ['Webhooks'],
      summary: 'Delete a webhook block; its URL answers 404 from then on',
      request: hookPath,
      responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, webhookId } = c.req.valid('param');
      await loadWebhook(c, botId, webhookId);
      await c.get('services').store.deleteWebhook(botId, webhookId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/webhooks/{webhookId}/rotate-token',
      tags: ['Webhooks'],
      summary: 'Issue a new token for one environment',
      description: 'The old token stops working at once, or after `gracePeriodSeconds`. A token still in an earlier grace period is revoked.',
      request: { ...hookPath, body: jsonBody(RotateTokenSchema) },
      responses: { 200: ok(RotatedTokenSchema, 'The new token'), ...problems(...ADMIN_PROBLEMS, 409) },
    }),
    async (c) => {
      const services = c.get('services');
      const { botId, webhookId } = c.req.valid('param');
      const block = await loadWebhook(c, botId, webhookId);
      const { environment, gracePeriodSeconds } = c.req.valid('json');
      const now = services.clock.now();
      const expiresAt = now + gracePeriodSeconds * 1000;
      const previous = gracePeriodSeconds > 0 ? { jti: block.tokens[environment].jti, expiresAt } : null;
      const updated: WebhookBlock = {
        ...block,
        tokens: { ...block.tokens, [environment]: newTokenState(now, previous) },
        updatedAt: nextUpdatedAt(block.updatedAt, now),
      };
      await saveWebhook(services, updated, block.updatedAt);
      const token = await services.webhookTokens.mint(block.id, environment, updated.tokens[environment]);
      return c.json({ environment, token, previousTokenExpiresAt: previous ? isoTime(expiresAt) : null }, 200);
    },
  );

  return app;
}
