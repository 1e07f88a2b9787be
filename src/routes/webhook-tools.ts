import { createRoute, z } from '@hono/zod-openapi';
import type { JsonObject } from '../domain/types.ts';
import { requireAdminScope } from '../http/auth.ts';
import { ADMIN_PROBLEMS, PageQuerySchema, pageOf, problems } from '../http/schemas.ts';
import { chooseAccount } from '../inbound/choose-account.ts';
import { evaluateCall } from '../inbound/evaluate.ts';
import { buildSamples } from '../inbound/samples.ts';
import { BotIdParam, jsonBody, loadWebhook, ok, openApiApp, WebhookIdParam } from './common.ts';
import { ActivitySchema, PreviewRequestSchema, PreviewSchema, SamplesSchema } from './webhook-schemas.ts';
import { loadLiveWebhook, mintTokens, webhookUrl } from './webhooks.ts';

/** A block's tools: copy-paste samples, the dry-run preview and the activity log. */
export function webhookToolRoutes() {
  const app = openApiApp();
  const hookPath = { params: z.object({ botId: BotIdParam, webhookId: WebhookIdParam }) };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/webhooks/{webhookId}/samples',
      tags: ['Webhooks'],
      summary: 'Copy-paste samples (cURL, HTTPie, fetch, Python) with the real URL and tokens',
      description: 'Needs admin scope: the samples carry the tokens.',
      request: hookPath,
      responses: { 200: ok(SamplesSchema, 'Production and development samples'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      requireAdminScope(c.get('principal').scope);
      const services = c.get('services');
      const { botId, webhookId } = c.req.valid('param');
      const block = await loadLiveWebhook(c, botId, webhookId);
      const url = webhookUrl(services, block.id);
      const tokens = await mintTokens(services, block);
      const samples = buildSamples({ url, block, tokens });
      return c.json(
        {
          url,
          production: { token: tokens.production, ...samples.production },
          development: { token: tokens.development, ...samples.development },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots/{botId}/webhooks/{webhookId}/preview',
      tags: ['Webhooks'],
      summary: 'Dry run: what a call with this body would extract and reply; nothing is stored or sent',
      request: { ...hookPath, body: jsonBody(PreviewRequestSchema) },
      responses: { 200: ok(PreviewSchema, 'The outcome the call would have'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { botId, webhookId } = c.req.valid('param');
      const block = await loadWebhook(c, botId, webhookId);
      const { body, environment } = c.req.valid('json');
      const accounts = await c.get('services').store.listChannels(botId);
      const route = chooseAccount(block, environment, body as JsonObject, accounts);
      const via = route.ok ? route.account : null;
      const channel = via?.channel ?? block.channel;
      const alias = via?.alias ?? block.account;
      const result = evaluateCall(block, body as JsonObject, { requestId: 'req_preview', channel, account: alias });
      const errors = [...(route.ok ? [] : route.errors), ...result.errors];
      const warnings = (result.reply?.missing ?? []).map((name) => `placeholder {{${name}}} has no value and renders empty`);
      if (!block.enabled) warnings.push('the webhook is disabled: real calls get 403');
      return c.json(
        {
          valid: errors.length === 0,
          environment,
          contact: result.contact,
          variables: result.variables,
          reply: result.reply && route.ok ? { text: result.reply.text, buttons: result.reply.buttons, channel, account: alias } : null,
          errors,
          warnings,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}/webhooks/{webhookId}/activity',
      tags: ['Webhooks'],
      summary: 'Inbound calls, newest first, with what was extracted and the reply’s delivery status',
      request: { ...hookPath, query: PageQuerySchema },
      responses: { 200: ok(pageOf(ActivitySchema, 'ActivityPage'), 'A page of calls'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { store } = c.get('services');
      const { botId, webhookId } = c.req.valid('param');
      await loadWebhook(c, botId, webhookId);
      const { limit, cursor } = c.req.valid('query');
      const page = await store.listActivity(botId, webhookId, { limit, cursor });
      const messageIds = page.items.flatMap((a) => (a.messageId ? [a.messageId] : []));
      const messages = new Map((await store.getMessages(botId, messageIds)).flatMap((m) => (m ? [[m.id, m]] : [])));
      const data = page.items.map(({ messageId, ...entry }) => {
        const m = messageId ? messages.get(messageId) : undefined;
        return {
          ...entry,
          reply: m
            ? { messageId: m.id, status: m.status, attempts: m.attempts, providerMessageId: m.providerMessageId, nextAttemptAt: m.nextAttemptAt, error: m.error }
            : null,
        };
      });
      return c.json({ data, nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
