import { createRoute } from '@hono/zod-openapi';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadChannel } from '../loaders.ts';
import { AccountPath } from '../params.ts';
import { SandboxMessageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/channels/{accountId}/messages',
  tags: ['Channels'],
  summary: 'Messages a sandbox account would have sent, newest first',
  request: { params: AccountPath, query: PageQuerySchema },
  responses: { 200: ok(pageOf(SandboxMessageSchema, 'SandboxMessagePage'), 'A page of messages'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerListSandboxMessages(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, accountId } = c.req.valid('param');
    const account = await loadChannel(c, botId, accountId);
    if (account.channel !== 'sandbox') throw new ApiError('conflict', 'Only sandbox accounts record their messages.');
    const { limit, cursor } = c.req.valid('query');
    const page = await c.get('services').store.listSandboxMessages(botId, accountId, { limit, cursor });
    return c.json({ data: page.items, nextCursor: page.nextCursor }, 200);
  });
}
