import { createRoute } from '@hono/zod-openapi';
import type { ChannelAccount, JsonObject } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime } from '../../lib/clock.ts';
import type { OpenApiApp } from '../common.ts';
import { loadChannel } from '../loaders.ts';
import { AccountPath } from '../params.ts';
import {
  assertAliasFree,
  checkConfig,
  checkConfigDestinations,
  normalizeRecipients,
  openAccountSecrets,
  sealCredentials,
  sealParsed,
  splitConfigHeaders,
} from './checks.ts';
import { ChannelPatchSchema, ChannelSchema } from './schemas.ts';
import { channelView } from './views.ts';

const route = createRoute({
  method: 'patch',
  path: '/bots/{botId}/channels/{accountId}',
  operationId: 'updateChannel',
  tags: ['Channels'],
  summary: 'Update a channel account (new credentials replace the old ones)',
  description:
    'Only the fields given change. `credentials` replace the stored ones whole and must fit the account’s channel; a `config` replaces the config whole, header values included.',
  request: { params: AccountPath, body: jsonBody(ChannelPatchSchema) },
  responses: { 200: ok(ChannelSchema, 'The updated channel account'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerUpdateChannel(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { botId, accountId } = c.req.valid('param');
    const account = await loadChannel(c, botId, accountId);
    const patch = c.req.valid('json');
    const given = (patch.config ?? account.config) as JsonObject;
    checkConfig(account.channel, given);
    if (patch.config !== undefined) checkConfigDestinations(c, given);
    // Header values: those of a new config, else those kept (sealed, or in clear on an account stored before sealing).
    const { config, headers: fromConfig } = splitConfigHeaders(given);
    const previous = await openAccountSecrets(c, account);
    const headers = patch.config !== undefined ? fromConfig : { ...fromConfig, ...previous.headers };
    const sealed =
      patch.credentials !== undefined
        ? await sealCredentials(c, account.channel, patch.credentials, headers)
        : await sealParsed(c, previous.credentials, headers);
    const defaultCountry = patch.defaultCountry === undefined ? (account.defaultCountry ?? null) : patch.defaultCountry;
    const updated: ChannelAccount = {
      ...account,
      alias: patch.alias ?? account.alias,
      config,
      active: patch.active ?? account.active,
      ...sealed,
      testRecipients: normalizeRecipients(account.channel, patch.testRecipients ?? account.testRecipients ?? [], defaultCountry),
      defaultCountry,
      updatedAt: isoTime(c.get('services').clock.now()),
    };
    await assertAliasFree(c, updated);
    await c.get('services').store.putChannel(updated);
    return c.json(channelView(updated), 200);
  });
}
