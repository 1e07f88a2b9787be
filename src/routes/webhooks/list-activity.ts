import { createRoute, z } from '@hono/zod-openapi';
import type { ActivityEntry, Reply } from '../../domain/types.ts';
import { ADMIN_PROBLEMS, ok, PageQuerySchema, pageOf, problems } from '../../http/schemas.ts';
import { decodeCursor, encodeCursor, STREAM_ID } from '../../store/cursor.ts';
import type { Store } from '../../store/store.ts';
import type { OpenApiApp } from '../common.ts';
import { loadWebhook } from '../loaders.ts';
import { WebhookPath } from '../params.ts';
import { activityView } from './activity-view.ts';
import { ACTIVITY_STATUSES, ActivitySchema } from './schemas.ts';

/** A filtered page reads at most this many entries; a page may then hold fewer items than `limit` before the end. */
const MAX_SCANNED = 1000;
const SCAN_BATCH = 200;

const STATUS_LIST = new RegExp(`^(?:${ACTIVITY_STATUSES.join('|')})(?:,(?:${ACTIVITY_STATUSES.join('|')}))*$`);

const ActivityQuerySchema = PageQuerySchema.extend({
  status: z
    .string()
    .regex(STATUS_LIST, { message: `must be one or more of ${ACTIVITY_STATUSES.join(', ')}, separated by commas` })
    .optional()
    .openapi({
      param: { name: 'status', in: 'query' },
      description:
        'Only calls with one of these states (comma-separated): the outcome (`accepted`, `rejected`) or the reply’s state ' +
        '(`queued`, `sending`, `retrying`, `sent`, `failed`). A filtered page may hold fewer than `limit` calls before the end; ' +
        'follow `nextCursor` until it is null.',
      example: 'rejected,failed',
    }),
});

const route = createRoute({
  method: 'get',
  path: '/bots/{botId}/webhooks/{webhookId}/activity',
  operationId: 'listWebhookActivity',
  tags: ['Webhooks'],
  summary: 'Inbound calls, newest first: accepted and rejected, with what was extracted and the reply’s delivery status',
  description:
    'Every call the webhook answered, except 404s: accepted ones with their body, variables and reply; rejected ones with the ' +
    'status and problem answered (its field errors) and, once authenticated, their body. Authentication failures (401/403) ' +
    'are summaries without body, a few per minute at most (`suppressed` counts the rest). Live: `…/activity/stream`. Each entry carries the call’s `requestId`, so a call answered `outcome-unknown` can be looked up.',
  request: { params: WebhookPath, query: ActivityQuerySchema },
  responses: { 200: ok(pageOf(ActivitySchema, 'ActivityPage'), 'A page of calls'), ...problems(...ADMIN_PROBLEMS) },
});

export function registerListWebhookActivity(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { store } = c.get('services');
    const { botId, webhookId } = c.req.valid('param');
    await loadWebhook(c, botId, webhookId);
    const { limit, cursor, status } = c.req.valid('query');
    const statuses = status === undefined ? null : new Set(status.split(','));
    const page = await activityPage(store, botId, webhookId, {
      limit,
      before: cursor ? decodeCursor(cursor, STREAM_ID) : null,
      statuses,
    });
    return c.json(page, 200);
  });
}

/**
 * Entries newest first, each joined with its reply's current state, keeping those whose outcome or
 * reply state is among `statuses` (all when null). The cursor is the position of the last entry
 * returned, or, when the scan budget ran out first, of the last one read.
 */
async function activityPage(
  store: Store,
  botId: string,
  webhookId: string,
  query: { limit: number; before: string | null; statuses: Set<string> | null },
) {
  const { limit, statuses } = query;
  const data: ReturnType<typeof activityView>[] = [];
  let before = query.before;
  let scanned = 0;
  let lastReturned: string | null = null;
  while (scanned < MAX_SCANNED) {
    const count = statuses === null ? limit + 1 - data.length : Math.min(SCAN_BATCH, MAX_SCANNED - scanned);
    const batch = await store.scanActivity(botId, webhookId, before, count);
    scanned += batch.length;
    const messages = await messagesOf(
      store,
      botId,
      batch.map((b) => b.entry),
    );
    for (const { position, entry } of batch) {
      const item = activityView(entry, entry.messageId ? messages.get(entry.messageId) : null);
      if (statuses !== null && !statuses.has(item.outcome) && !(item.reply && statuses.has(item.reply.status))) continue;
      if (data.length === limit) return { data, nextCursor: encodeCursor(lastReturned!) };
      data.push(item);
      lastReturned = position;
    }
    if (batch.length < count) return { data, nextCursor: null };
    before = batch.at(-1)!.position;
  }
  return { data, nextCursor: before === null ? null : encodeCursor(before) };
}

async function messagesOf(store: Store, botId: string, entries: ActivityEntry[]): Promise<Map<string, Reply>> {
  const ids = entries.flatMap((e) => (e.messageId ? [e.messageId] : []));
  const found = ids.length ? await store.getMessages(botId, ids) : [];
  return new Map(found.flatMap((m) => (m ? [[m.id, m]] : [])));
}
