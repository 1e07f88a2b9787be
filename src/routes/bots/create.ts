import { createRoute } from '@hono/zod-openapi';
import type { Bot } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { OpenApiApp } from '../common.ts';
import { BotCreateSchema, BotSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/bots',
  operationId: 'createBot',
  tags: ['Bots'],
  summary: 'Create a bot',
  description: 'A bot holds channel accounts, webhook blocks, contacts’ variables and event subscriptions. `Location` names the new bot.',
  request: { body: jsonBody(BotCreateSchema) },
  responses: { 201: ok(BotSchema, 'The bot'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerCreateBot(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const now = isoTime(c.get('services').clock.now());
    const bot: Bot = {
      id: newId('bot'),
      workspaceId: c.get('principal').workspaceId,
      name: body.name,
      description: body.description ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await c.get('services').store.createBot(bot);
    c.header('Location', `/v1/bots/${bot.id}`);
    return c.json(bot, 201);
  });
}
