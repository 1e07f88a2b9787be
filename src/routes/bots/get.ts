import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { BotSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}',
  operationId: 'getBot',
  tags: ['Bots'],
  summary: 'Get a bot',
  description: 'A bot of the token’s workspace; any other answers 404, as one that does not exist.',
  request: { params: BotPath },
  responses: { 200: ok(BotSchema, 'The bot'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerGetBot(app: OpenApiApp): void {
  app.openapi(route, async (c) => c.json(await loadBot(c, c.req.valid('param').botId), 200));
}
