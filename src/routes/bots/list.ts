import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { BotSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots',
  operationId: 'listBots',
  tags: ['Bots'],
  summary: 'List the workspace’s bots',
  description: 'Oldest first; pass `nextCursor` as `cursor` for the next page.',
  request: { query: PageQuerySchema },
  responses: { 200: ok(pageOf(BotSchema, 'BotPage'), 'A page of bots, oldest first'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListBots(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await c.get('services').store.listBots(c.get('principal').workspaceId, { limit, cursor });
    return c.json({ data: page.items, nextCursor: page.nextCursor }, 200);
  });
}
