import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadWebhook } from '../loaders.ts';
import { WebhookPath } from '../params.ts';

const route = createRoute({
  method: 'delete',
  path: '/bots/{botId}/webhooks/{webhookId}',
  operationId: 'deleteWebhook',
  tags: ['Webhooks'],
  summary: 'Delete a webhook block; its URL answers 404 from then on',
  description: 'Answers 204 with no body.',
  request: { params: WebhookPath },
  responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS) },
});

export function registerDeleteWebhook(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, webhookId } = c.req.valid('param');
    await loadWebhook(c, botId, webhookId);
    await c.get('services').store.deleteWebhook(botId, webhookId);
    return c.body(null, 204);
  });
}
