import { createRoute } from '@hono/zod-openapi';
import { ApiError } from '../../http/errors.ts';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadChannel } from '../loaders.ts';
import { AccountPath } from '../params.ts';

const route = createRoute({
  method: 'delete',
  path: '/bots/{botId}/channels/{accountId}',
  operationId: 'deleteChannel',
  tags: ['Channels'],
  summary: 'Disconnect a channel account',
  description: 'Answers 204 with no body.',
  request: { params: AccountPath },
  responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerDeleteChannel(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, accountId } = c.req.valid('param');
    const account = await loadChannel(c, botId, accountId);
    const users = (await c.get('services').store.listWebhooks(botId)).filter((w) => w.accountId === account.id);
    if (users.length) {
      const ids = users.map((w) => w.id).join(', ');
      throw new ApiError('conflict', `Webhooks still reply through this account: ${ids}. Move or delete them first.`);
    }
    await c.get('services').store.deleteChannel(botId, accountId);
    return c.body(null, 204);
  });
}
