import { createRoute } from '@hono/zod-openapi';
import { SIMULATED_CHANNELS } from '../../domain/types.ts';
import { requireAdminScope } from '../../http/auth.ts';
import { ADMIN_PROBLEMS, ok, problems } from '../../http/schemas.ts';
import { buildSamples } from '../../inbound/samples.ts';
import type { OpenApiApp } from '../common.ts';
import { WebhookPath } from '../params.ts';
import { SamplesSchema } from './schemas.ts';
import { mintTokens } from './tokens.ts';
import { loadLiveWebhook, webhookUrl } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks/{webhookId}/samples',
  tags: ['Webhooks'],
  summary: 'Copy-paste samples (cURL, HTTPie, fetch, Python) with the real URL and tokens',
  description: 'Needs admin scope: the samples carry the tokens.',
  request: { params: WebhookPath },
  responses: { 200: ok(SamplesSchema, 'Production and development samples'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerWebhookSamples(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    requireAdminScope(c.get('principal').scope);
    const services = c.get('services');
    const { botId, webhookId } = c.req.valid('param');
    const block = await loadLiveWebhook(c, botId, webhookId);
    const url = webhookUrl(services, block.id);
    const tokens = await mintTokens(services, block);
    const account = await services.store.getChannel(botId, block.accountId);
    const development = account
      ? { testRecipient: account.testRecipients?.[0] ?? null, simulated: SIMULATED_CHANNELS.has(account.channel) }
      : undefined;
    const samples = buildSamples({ url, block, tokens, ...(development ? { development } : {}) });
    return c.json(
      {
        url,
        production: { token: tokens.production, ...samples.production },
        development: { token: tokens.development, ...samples.development },
      },
      200,
    );
  });
}
