import { createRoute } from '@hono/zod-openapi';
import type { WebhookBlock } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, jsonBody, ok, problems } from '../../http/schemas.ts';
import { isoTime, nextUpdatedAt } from '../../lib/clock.ts';
import type { OpenApiApp } from '../common.ts';
import { loadWebhook } from '../loaders.ts';
import { WebhookPath } from '../params.ts';
import { saveWebhook } from './save.ts';
import { RotatedTokenSchema, RotateTokenSchema } from './schemas.ts';
import { newTokenState } from './tokens.ts';

const route = createRoute({
  method: 'post',
  path: '/bots/{botId}/webhooks/{webhookId}/rotate-token',
  operationId: 'rotateWebhookToken',
  tags: ['Webhooks'],
  summary: 'Issue a new token for one environment',
  description: 'The old token stops working at once, or after `gracePeriodSeconds`. A token still in an earlier grace period is revoked.',
  request: { params: WebhookPath, body: jsonBody(RotateTokenSchema) },
  responses: { 200: ok(RotatedTokenSchema, 'The new token'), ...problems(...ADMIN_PROBLEMS, 409) },
});

export function registerRotateWebhookToken(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const { botId, webhookId } = c.req.valid('param');
    const block = await loadWebhook(c, botId, webhookId);
    const { environment, gracePeriodSeconds } = c.req.valid('json');
    const now = services.clock.now();
    const expiresAt = now + gracePeriodSeconds * 1000;
    const previous = gracePeriodSeconds > 0 ? { jti: block.tokens[environment].jti, expiresAt } : null;
    const updated: WebhookBlock = {
      ...block,
      tokens: { ...block.tokens, [environment]: newTokenState(now, previous) },
      updatedAt: nextUpdatedAt(block.updatedAt, now),
    };
    await saveWebhook(services, updated, block.updatedAt);
    const token = await services.webhookTokens.mint(block.id, environment, updated.tokens[environment]);
    return c.json({ environment, token, previousTokenExpiresAt: previous ? isoTime(expiresAt) : null }, 200);
  });
}
