import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { loadWebhook } from '../loaders.ts';
import { WebhookPath } from '../params.ts';
import { ActivitySchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks/{webhookId}/activity',
  operationId: 'listWebhookActivity',
  tags: ['Webhooks'],
  summary: 'Inbound calls, newest first, with what was extracted and the reply’s delivery status',
  description: 'Cursor-paged. Each entry carries the call’s `requestId`, so a call answered `outcome-unknown` can be looked up.',
  request: { params: WebhookPath, query: PageQuerySchema },
  responses: { 200: ok(pageOf(ActivitySchema, 'ActivityPage'), 'A page of calls'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListWebhookActivity(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { store } = c.get('services');
    const { botId, webhookId } = c.req.valid('param');
    await loadWebhook(c, botId, webhookId);
    const { limit, cursor } = c.req.valid('query');
    const page = await store.listActivity(botId, webhookId, { limit, cursor });
    const messageIds = page.items.flatMap((a) => (a.messageId ? [a.messageId] : []));
    const messages = new Map((await store.getMessages(botId, messageIds)).flatMap((m) => (m ? [[m.id, m]] : [])));
    const data = page.items.map(({ messageId, ...entry }) => {
      const m = messageId ? messages.get(messageId) : undefined;
      if (!m) return { ...entry, reply: null };
      const { id, status, attempts, providerMessageId, nextAttemptAt, error } = m;
      const simulated = m.simulated === true;
      const fallback = m.fallback ?? null;
      return { ...entry, reply: { messageId: id, status, simulated, attempts, providerMessageId, nextAttemptAt, error, fallback } };
    });
    return c.json({ data, nextCursor: page.nextCursor }, 200);
  });
}
