import { createRoute } from '@hono/zod-openapi';
import type { Bot } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import { BotPatchSchema, BotSchema } from './schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/bots/{botId}',
  operationId: 'updateBot',
  tags: ['Bots'],
  summary: 'Update a bot',
  description: 'Only the fields given change.',
  request: { params: BotPath, body: jsonBody(BotPatchSchema) },
  responses: { 200: ok(BotSchema, 'The updated bot'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerUpdateBot(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const patch = c.req.valid('json');
    const updated: Bot = {
      ...bot,
      name: patch.name ?? bot.name,
      description: patch.description === undefined ? bot.description : patch.description,
      updatedAt: isoTime(c.get('services').clock.now()),
    };
    await c.get('services').store.updateBot(updated);
    return c.json(updated, 200);
  });
}
