import { createRoute, z } from '@hono/zod-openapi';
import type { Bot } from '../domain/types.ts';
import { ADMIN_PROBLEMS, PageQuerySchema, pageOf, problems } from '../http/schemas.ts';
import { isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { BotIdParam, jsonBody, loadBot, ok, openApiApp, Timestamp } from './common.ts';

const BotSchema = z
  .object({
    id: z.string().openapi({ example: 'bot_V1StGXR8Z5jdHi6BmyTa' }),
    workspaceId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Bot');

const BotCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Support bot' }),
    description: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .openapi('BotCreate');

const BotPatchSchema = BotCreateSchema.partial().strict().openapi('BotPatch');

const view = (bot: Bot) => bot;

export function botRoutes() {
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bots',
      tags: ['Bots'],
      summary: 'Create a bot',
      request: { body: jsonBody(BotCreateSchema) },
      responses: { 201: ok(BotSchema, 'The bot'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
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
      return c.json(view(bot), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots',
      tags: ['Bots'],
      summary: 'List the workspace’s bots',
      request: { query: PageQuerySchema },
      responses: { 200: ok(pageOf(BotSchema, 'BotPage'), 'A page of bots, oldest first'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await c.get('services').store.listBots(c.get('principal').workspaceId, { limit, cursor });
      return c.json({ data: page.items.map(view), nextCursor: page.nextCursor }, 200);
    },
  );

  const botPath = { params: z.object({ botId: BotIdParam }) };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bots/{botId}',
      tags: ['Bots'],
      summary: 'Get a bot',
      request: botPath,
      responses: { 200: ok(BotSchema, 'The bot'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => c.json(view(await loadBot(c, c.req.valid('param').botId)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/bots/{botId}',
      tags: ['Bots'],
      summary: 'Update a bot',
      request: { ...botPath, body: jsonBody(BotPatchSchema) },
      responses: { 200: ok(BotSchema, 'The updated bot'), ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      const patch = c.req.valid('json');
      const updated: Bot = {
        ...bot,
        name: patch.name ?? bot.name,
        description: patch.description === undefined ? bot.description : patch.description,
        updatedAt: isoTime(c.get('services').clock.now()),
      };
      await c.get('services').store.updateBot(updated);
      return c.json(view(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/bots/{botId}',
      tags: ['Bots'],
      summary: 'Delete a bot with its channels, webhooks, variables and logs',
      request: botPath,
      responses: { 204: { description: 'Deleted' }, ...problems(...ADMIN_PROBLEMS) },
    }),
    async (c) => {
      const bot = await loadBot(c, c.req.valid('param').botId);
      await c.get('services').store.deleteBot(bot.id);
      return c.body(null, 204);
    },
  );

  return app;
}
