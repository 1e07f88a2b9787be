import { createRoute } from '@hono/zod-openapi';
import type { WebhookBlock } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { nextUpdatedAt } from '../../lib/clock.ts';
import type { OpenApiApp } from '../common.ts';
import { WebhookPath } from '../params.ts';
import { checkReply, resolveAccount } from './checks.ts';
import { placeholderWarnings } from './placeholders.ts';
import { saveWebhook } from './save.ts';
import { WebhookPatchSchema, WebhookUpdatedSchema } from './schemas.ts';
import { buildVerification, senderFields } from './verification.ts';
import { loadLiveWebhook, webhookView } from './views.ts';

const route = createRoute({
  method: 'patch',
  path: '/bots/{botId}/webhooks/{webhookId}',
  operationId: 'updateWebhook',
  tags: ['Webhooks'],
  summary: 'Update a webhook block (enable, disable, move to a folder, change mappings…)',
  description: 'Only the fields given change; the block as a whole is checked again (account, channel rules, reply).',
  request: { params: WebhookPath, body: jsonBody(WebhookPatchSchema) },
  responses: { 200: ok(WebhookUpdatedSchema, 'The updated block, with warnings'), ...problems(...ADMIN_PROBLEMS, 409, 422) },
});

export function registerUpdateWebhook(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
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
      defaultCountry: patch.defaultCountry === undefined ? (block.defaultCountry ?? null) : patch.defaultCountry,
      variables: (patch.variables as WebhookBlock['variables'] | undefined) ?? block.variables,
      reply: patch.reply === undefined ? block.reply : (patch.reply as WebhookBlock['reply']),
      fallbackTemplate:
        patch.fallbackTemplate === undefined
          ? (block.fallbackTemplate ?? null)
          : (patch.fallbackTemplate as WebhookBlock['fallbackTemplate']),
      folder: patch.folder === undefined ? block.folder : patch.folder,
      enabled: patch.enabled ?? block.enabled,
      rateLimit: patch.rateLimit ?? block.rateLimit,
      updatedAt: nextUpdatedAt(block.updatedAt, services.clock.now()),
    };
    const built = patch.verification
      ? await buildVerification(services, patch.verification, block.verification, services.clock.now())
      : null;
    senderFields(updated, {
      verification: built ? built.verification : block.verification,
      allowedIps: patch.allowedIps === undefined ? block.allowedIps : patch.allowedIps,
      batch: patch.batch ?? block.batch,
      response: patch.response === undefined ? block.response : patch.response,
    });
    checkReply(updated.type, updated.reply, updated.channel, updated.fallbackTemplate);
    await saveWebhook(services, updated, block.updatedAt);
    const warnings = placeholderWarnings(updated, await services.store.listWebhooks(botId));
    return c.json({ ...webhookView(services, updated, built?.revealed), warnings }, 200);
  });
}
