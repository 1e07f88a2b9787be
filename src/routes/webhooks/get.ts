import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { WebhookPath } from '../params.ts';
import { WebhookSchema } from './schemas.ts';
import { loadLiveWebhook, webhookView } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks/{webhookId}',
  operationId: 'getWebhook',
  tags: ['Webhooks'],
  summary: 'Get a webhook block',
  description: 'The block’s configuration; its tokens are issued again by `samples`.',
  request: { params: WebhookPath },
  responses: { 200: ok(WebhookSchema, 'The block (tokens are re-issued by `samples`)'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerGetWebhook(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, webhookId } = c.req.valid('param');
    return c.json(webhookView(c.get('services'), await loadLiveWebhook(c, botId, webhookId)), 200);
  });
}
