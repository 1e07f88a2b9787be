import { createRoute } from '@hono/zod-openapi';
import type { ChannelAccount, JsonObject } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { OpenApiApp } from '../common.ts';
import { loadBot } from '../loaders.ts';
import { BotPath } from '../params.ts';
import {
  assertAliasFree,
  checkConfig,
  checkConfigDestinations,
  normalizeRecipients,
  sealCredentials,
  splitConfigHeaders,
} from './checks.ts';
import { ChannelCreateSchema, ChannelSchema } from './schemas.ts';
import { channelView } from './views.ts';

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/channels',
  operationId: 'createChannel',
  tags: ['Channels'],
  summary: 'Connect a channel account to the bot',
  description:
    '`credentials` and `config` depend on `channel` (one schema per channel). Credentials are stored encrypted and never returned. `Location` names the new account.',
  request: { params: BotPath, body: jsonBody(ChannelCreateSchema) },
  responses: { 201: ok(ChannelSchema, 'The channel account (credentials are never returned)'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerCreateChannel(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const bot = await loadBot(c, c.req.valid('param').botId);
    const body = c.req.valid('json');
    const given = (body.config ?? {}) as JsonObject;
    checkConfig(body.channel, given);
    checkConfigDestinations(c, given);
    const { config, headers } = splitConfigHeaders(given);
    const now = isoTime(c.get('services').clock.now());
    const account: ChannelAccount = {
      id: newId('acc'),
      botId: bot.id,
      channel: body.channel,
      alias: body.alias,
      ...(await sealCredentials(c, body.channel, body.credentials, headers)),
      config,
      active: body.active,
      testRecipients: normalizeRecipients(body.channel, body.testRecipients, body.defaultCountry),
      defaultCountry: body.defaultCountry,
      createdAt: now,
      updatedAt: now,
    };
    await assertAliasFree(c, account);
    await c.get('services').store.putChannel(account);
    c.header('Location', `/v1/bots/${bot.id}/channels/${account.id}`);
    return c.json(channelView(account), 201);
  });
}
