import { createRoute } from '@hono/zod-openapi';
import { replyProblems } from '../../channels/rules.ts';
import type { JsonObject } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { chooseAccount } from '../../inbound/choose-account.ts';
import { evaluateCall, selectPaths } from '../../inbound/evaluate.ts';
import { renderReply, replySpecs, withStoredVariables } from '../../inbound/render-reply.ts';
import type { OpenApiApp } from '../common.ts';
import { loadWebhook } from '../loaders.ts';
import { WebhookPath } from '../params.ts';
import { PreviewRequestSchema, PreviewSchema } from './schemas.ts';

/** Nodes shown per path: enough to see what a filter matched, small enough for a `$..*`. */
const MAX_NODES_SHOWN = 20;

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/webhooks/{webhookId}/preview',
  operationId: 'previewWebhook',
  tags: ['Webhooks'],
  summary: 'Dry run: what a call with this body would extract and reply; nothing is stored or sent',
  description:
    'The extracted variables, the contact, the rendered reply and warnings (unknown placeholders, channel limits) for a sample body.',
  request: { params: WebhookPath, body: jsonBody(PreviewRequestSchema) },
  responses: { 200: ok(PreviewSchema, 'The outcome the call would have'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerPreviewWebhook(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, webhookId } = c.req.valid('param');
    const block = await loadWebhook(c, botId, webhookId);
    const { body, environment } = c.req.valid('json');
    const accounts = await c.get('services').store.listChannels(botId);
    const routing = chooseAccount(block, environment, body as JsonObject, accounts);
    const via = routing.ok ? routing.account : null;
    const channel = via?.channel ?? block.channel;
    const alias = via?.alias ?? block.account;
    const result = evaluateCall(block, body as JsonObject, {
      requestId: 'req_preview',
      channel,
      account: alias,
      defaultCountry: via?.defaultCountry ?? null,
    });
    const errors = [...(routing.ok ? [] : routing.errors), ...result.errors];
    // A reply reading stored contact variables shows what the worker would send today.
    if (result.reply?.scope && block.reply && result.contact !== null) {
      const stored = await c.get('services').store.getVariables(botId, environment, channel, result.contact);
      const again = renderReply(block.reply, withStoredVariables(result.reply.scope, stored?.variables ?? {}), channel);
      result.reply = { ...result.reply, ...again, scope: null };
    }
    const warnings = (result.reply?.missing ?? []).map((name) => `placeholder {{${name}}} has no value and renders empty`);
    if (!block.enabled) warnings.push('the webhook is disabled: real calls get 403');
    // The block's templates as saved, then the reply as this body renders it: what the provider would refuse.
    if (block.type === 'workflow' && block.reply) warnings.push('a workflow webhook sends no reply: its reply is never sent');
    const isList = Array.isArray(block.reply);
    const limits = result.reply
      ? replyProblems(channel, result.reply.parts, true, isList)
      : block.reply
        ? replyProblems(channel, replySpecs(block.reply), false, isList)
        : [];
    for (const p of limits) warnings.push(`${p.path}: ${p.message}; the provider would refuse this reply`);
    return c.json(
      {
        valid: errors.length === 0,
        environment,
        contact: result.contact,
        variables: result.variables,
        reply:
          result.reply && routing.ok
            ? {
                text: result.reply.text,
                buttons: result.reply.buttons,
                messages: result.reply.parts,
                fallbackTemplate: result.reply.fallbackTemplate,
                channel,
                account: alias,
              }
            : null,
        errors,
        warnings,
        selections: selectPaths(block, body as JsonObject, MAX_NODES_SHOWN),
      },
      200,
    );
  });
}
