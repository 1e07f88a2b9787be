import { createRoute, z } from '@hono/zod-openapi';
import { type Environment, type JsonObject, SIMULATED_CHANNELS, type VerificationSecrets } from '../../domain/types.ts';
import { requireAdminScope } from '../../http/auth.ts';
import { ADMIN_PROBLEMS, EnvironmentSchema, problems } from '../../http/schemas.ts';
import { buildSamples } from '../../inbound/samples.ts';
import { buildSenderSamples } from '../../inbound/sender-samples.ts';
import type { OpenApiApp } from '../common.ts';
import { WebhookPath } from '../params.ts';
import { SamplesSchema } from './schemas.ts';
import { mintTokens } from './tokens.ts';
import { loadLiveWebhook, webhookUrl } from './views.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks/{webhookId}/samples',
  operationId: 'getWebhookSamples',
  tags: ['Webhooks'],
  summary: 'Copy-paste samples (cURL, HTTPie, fetch, Python) with the real URL and tokens or signing lines',
  description:
    'Needs admin scope: the samples carry the tokens or the secret. For a signature scheme each sample first signs the exact body ' +
    '(`openssl dgst` in the shell sample). `?format=text` (or `Accept: text/plain`): the production and development cURL, ready to paste ' +
    'into bash (`&environment=` for one of them).',
  request: {
    params: WebhookPath,
    query: z.object({ format: z.enum(['json', 'text']).optional(), environment: EnvironmentSchema.optional() }),
  },
  responses: {
    200: {
      description: 'Production and development samples',
      content: { 'application/json': { schema: SamplesSchema }, 'text/plain': { schema: z.string() } },
    },
    ...problems(...ADMIN_PROBLEMS),
  },
});

type SampleView = { token?: string; body: JsonObject; curl: string; httpie?: string; fetch: string; python: string };

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
    const bearer = buildSamples({ url, block, tokens, ...(development ? { development } : {}) });
    const v = block.verification;
    let samples: Record<Environment, SampleView>;
    if (v === undefined) {
      samples = {
        production: { token: tokens.production, ...bearer.production },
        development: { token: tokens.development, ...bearer.development },
      };
    } else {
      const secret = v.secrets ? (await services.secrets.open<VerificationSecrets>(v.secrets)).current : null;
      const bodies = { production: bearer.production.body, development: bearer.development.body };
      const sender = buildSenderSamples({ url, verification: v, secret, tokens, bodies });
      const token = (env: Environment) => (v.scheme === 'query-token' ? { token: tokens[env] } : {});
      samples = {
        production: { ...token('production'), ...sender.production },
        development: { ...token('development'), ...sender.development },
      };
    }
    const { format, environment } = c.req.valid('query');
    if (format === 'text' || (c.req.header('accept') ?? '').startsWith('text/plain')) {
      const envs: Environment[] = environment ? [environment] : ['production', 'development'];
      return c.text(envs.map((env) => `# ${env}\n${samples[env].curl}\n`).join('\n'), 200);
    }
    return c.json({ url, scheme: v?.scheme ?? 'bearer', ...samples }, 200);
  });
}
