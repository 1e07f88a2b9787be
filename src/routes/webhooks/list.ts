import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath, FolderQuery } from '../params.ts';
import { WebhookSchema } from './schemas.ts';
import { webhookView, withLiveAlias } from './views.ts';

const WebhookListSchema = z.object({ data: z.array(WebhookSchema) }).openapi('WebhookList');

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks',
  operationId: 'listWebhooks',
  tags: ['Webhooks'],
  summary: 'List the bot’s webhook blocks',
  description: 'Optionally only the blocks of one folder (`folder`).',
  request: { params: BotPath, query: FolderQuery },
  responses: { 200: ok(WebhookListSchema, 'The blocks, oldest first'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListWebhooks(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { folder } = c.req.valid('query');
    const all = await services.store.listWebhooks(bot.id);
    const shown = await withLiveAlias(services, folder === undefined ? all : all.filter((w) => w.folder === folder));
    return c.json({ data: shown.map((w) => webhookView(services, w)) }, 200);
  });
}
