import { createRoute } from '@hono/zod-openapi';
import { pageRecords } from '../../http/paging.ts';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath, FolderQuery } from '../params.ts';
import { MAX_WEBHOOKS_PER_BOT } from './create.ts';
import { WebhookSchema } from './schemas.ts';
import { webhookView, withLiveAlias } from './views.ts';

const WebhookListQuery = PageQuerySchema.extend(FolderQuery.shape);

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks',
  operationId: 'listWebhooks',
  tags: ['Webhooks'],
  summary: 'List the bot’s webhook blocks',
  description: `Oldest first, paged (\`limit\`, \`cursor\`). A bot has at most ${MAX_WEBHOOKS_PER_BOT} blocks. Optionally only the blocks of one folder (\`folder\`).`,
  request: { params: BotPath, query: WebhookListQuery },
  responses: { 200: ok(pageOf(WebhookSchema, 'WebhookPage'), 'A page of blocks, oldest first'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListWebhooks(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const bot = await loadBot(c, c.req.valid('param').botId);
    const { folder, limit, cursor } = c.req.valid('query');
    const all = await services.store.listWebhooks(bot.id);
    const page = pageRecords(folder === undefined ? all : all.filter((w) => w.folder === folder), { limit, cursor });
    const shown = await withLiveAlias(services, page.items);
    return c.json({ data: shown.map((w) => webhookView(services, w)), nextCursor: page.nextCursor }, 200);
  });
}
