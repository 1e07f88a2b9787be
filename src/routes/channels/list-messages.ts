import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadChannel } from '../loaders.ts';
import { AccountPath } from '../params.ts';
import { SandboxMessageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/channels/{accountId}/messages',
  operationId: 'listSandboxMessages',
  tags: ['Channels'],
  summary: 'The sandbox log, newest first: what a sandbox account sent, and simulated development replies of any account',
  description: 'Cursor-paged: pass `nextCursor` as `cursor` for the next page.',
  request: { params: AccountPath, query: PageQuerySchema },
  responses: { 200: ok(pageOf(SandboxMessageSchema, 'SandboxMessagePage'), 'A page of messages'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListSandboxMessages(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, accountId } = c.req.valid('param');
    await loadChannel(c, botId, accountId);
    const { limit, cursor } = c.req.valid('query');
    const page = await c.get('services').store.listSandboxMessages(botId, accountId, { limit, cursor });
    const data = page.items.map((m) => ({ ...m, status: 'sent' as const, simulated: m.simulated === true }));
    return c.json({ data, nextCursor: page.nextCursor }, 200);
  });
}
