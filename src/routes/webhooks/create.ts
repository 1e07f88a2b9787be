import { createRoute } from '@hono/zod-openapi';
import type { WebhookBlock } from '../../domain/types.ts';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { checkReply, resolveAccount } from './checks.ts';
import { placeholderWarnings } from './placeholders.ts';
import { WebhookCreatedSchema, WebhookCreateSchema } from './schemas.ts';
import { mintTokens, newTokenState } from './tokens.ts';
import { buildVerification, senderFields } from './verification.ts';
import { webhookView } from './views.ts';

const DEFAULT_RATE_LIMIT = { limit: 100, periodSeconds: 1 };
/** Blocks per bot (documented on the list and create routes). */
export const MAX_WEBHOOKS_PER_BOT = 1000;

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/webhooks',
  operationId: 'createWebhook',
  tags: ['Webhooks'],
  summary: 'Create a webhook block',
  description: `Returns the block’s URL and its production and development tokens. A bot has at most ${MAX_WEBHOOKS_PER_BOT} blocks (409 beyond).`,
  request: { params: BotPath, body: jsonBody(WebhookCreateSchema) },
  responses: { 201: ok(WebhookCreatedSchema, 'The block with its URL and tokens'), ...problems(...ADMIN_PROBLEMS, 409, 422) },
});

export function registerCreateWebhook(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const bot = await loadBot(c, c.req.valid('param').botId);
    const body = c.req.valid('json');
    const account = await resolveAccount(c, bot.id, body.channel, body.account);
    const reply = (body.reply ?? null) as WebhookBlock['reply'];
    checkReply(body.type, reply, account.channel, body.fallbackTemplate as WebhookBlock['fallbackTemplate']);
    const existing = await services.store.listWebhooks(bot.id);
    if (existing.length >= MAX_WEBHOOKS_PER_BOT) {
      throw new ApiError('conflict', `A bot can have at most ${MAX_WEBHOOKS_PER_BOT} webhooks.`);
    }
    const now = services.clock.now();
    const { verification, revealed } = await buildVerification(services, body.verification ?? { scheme: 'bearer' }, undefined, now);
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
      defaultCountry: body.defaultCountry,
      variables: body.variables as WebhookBlock['variables'],
      reply,
      fallbackTemplate: (body.fallbackTemplate ?? null) as WebhookBlock['fallbackTemplate'],
      folder: body.folder ?? null,
      enabled: body.enabled,
      rateLimit: body.rateLimit ?? DEFAULT_RATE_LIMIT,
      tokens: { production: newTokenState(now), development: newTokenState(now) },
      createdAt: isoTime(now),
      updatedAt: isoTime(now),
    };
    senderFields(block, { verification, allowedIps: body.allowedIps, batch: body.batch, response: body.response });
    await services.store.createWebhook(block);
    const warnings = placeholderWarnings(block, existing);
    c.header('Location', `/v1/bots/${block.botId}/webhooks/${block.id}`);
    return c.json({ ...webhookView(services, block, revealed), tokens: await mintTokens(services, block), warnings }, 201);
  });
}
