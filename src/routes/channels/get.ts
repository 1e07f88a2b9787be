import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadChannel } from '../loaders.ts';
import { AccountPath } from '../params.ts';
import { ChannelSchema } from './schemas.ts';
import { channelView } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/channels/{accountId}',
  operationId: 'getChannel',
  tags: ['Channels'],
  summary: 'Get a channel account',
  description: 'Credentials are write-only: only the names of the fields set are shown (`credentialsSet`).',
  request: { params: AccountPath },
  responses: { 200: ok(ChannelSchema, 'The channel account'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerGetChannel(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, accountId } = c.req.valid('param');
    return c.json(channelView(await loadChannel(c, botId, accountId)), 200);
  });
}
