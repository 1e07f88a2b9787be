import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ActivityEntry } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ADMIN_PROBLEMS, problems } from '../../http/schemas.ts';
import type { ActivityChange } from '../../store/activity.ts';
import type { Store } from '../../store/store.ts';
import { CHANGE_BATCH, type ChangeMessage, resumeId, streamChanges } from '../change-stream.ts';
import type { OpenApiApp } from '../common.ts';
import { loadWebhook } from '../loaders.ts';
import { WebhookPath } from '../params.ts';
import { activityView } from './activity-view.ts';

/** Entries a stream remembers to show its replies' later states without reading the log again. */
const REMEMBERED = 2000;
const SCAN_BATCH = 200;

const PATH = '/bots/{botId}/webhooks/{webhookId}/activity/stream';

/** Documented with registerPath: an event stream has no response schema for `app.openapi` to check. */
export function registerStreamWebhookActivity(app: OpenApiApp): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: PATH,
    operationId: 'streamWebhookActivity',
    tags: ['Webhooks'],
    summary: 'The webhook’s calls live, as Server-Sent Events',
    description:
      'Each message is `event: activity` whose `data` is one ActivityEntry exactly as an item of `GET …/activity` (with its ' +
      'reply), sent when a call is decided (accepted or rejected) and again at each change of its reply (`sending`, ' +
      '`retrying`, `sent`, `failed`): upsert by `requestId`. `id` is opaque; reconnecting with `Last-Event-ID` resumes right ' +
      'after it (nothing lost or repeated among what is kept: about four changes per kept call). Without it, only what happens ' +
      'from now on. Comment lines are heartbeats. Admin token (read scope is enough) in the Authorization header.',
    request: {
      params: WebhookPath,
      headers: z.object({
        'last-event-id': z.string().optional().openapi({ description: 'The `id` of the last message received' }),
      }),
    },
    responses: {
      200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...problems(...ADMIN_PROBLEMS),
    },
  });
  app.get('/bots/:botId/webhooks/:webhookId/activity/stream', openActivityStream);
}

async function openActivityStream(c: Context<AppEnv>): Promise<Response> {
  const botId = c.req.param('botId')!;
  const webhookId = c.req.param('webhookId')!;
  await loadWebhook(c, botId, webhookId);
  const resume = resumeId(c);
  const { store } = c.get('services');
  const start = resume ?? (await store.lastActivityChange(botId, webhookId));
  const remembered = new Map<string, ActivityEntry>();
  return streamChanges(c, 'activity', start, (after) => readChanges(store, botId, webhookId, after, remembered));
}

/**
 * The next changes as messages. A decision carries its entry; a reply's change is shown with the
 * entry of its call, remembered from its decision or found in the log (gone from the log: skipped).
 */
async function readChanges(
  store: Store,
  botId: string,
  webhookId: string,
  after: string,
  remembered: Map<string, ActivityEntry>,
): Promise<ChangeMessage[]> {
  const changes = await store.activityChanges(botId, webhookId, after, CHANGE_BATCH);
  for (const change of changes) if (change.entry) remember(remembered, change.entry);
  const missing = new Set(changes.filter((ch) => !ch.entry && !remembered.has(ch.requestId)).map((ch) => ch.requestId));
  if (missing.size) await findEntries(store, botId, webhookId, missing, remembered);
  return changes.map((change: ActivityChange) => {
    const entry = change.entry ?? remembered.get(change.requestId);
    return { id: change.id, data: entry ? JSON.stringify(activityView(entry, change.reply)) : null };
  });
}

function remember(remembered: Map<string, ActivityEntry>, entry: ActivityEntry): void {
  remembered.delete(entry.requestId);
  remembered.set(entry.requestId, entry);
  if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

/** Reads the log newest first until every id is found or it ends (it is capped: HOOKGATE_ACTIVITY_LIMIT). */
async function findEntries(
  store: Store,
  botId: string,
  webhookId: string,
  ids: Set<string>,
  remembered: Map<string, ActivityEntry>,
): Promise<void> {
  let before: string | null = null;
  for (;;) {
    const batch = await store.scanActivity(botId, webhookId, before, SCAN_BATCH);
    for (const { entry } of batch) {
      if (ids.delete(entry.requestId)) remember(remembered, entry);
    }
    if (ids.size === 0 || batch.length < SCAN_BATCH) return;
    before = batch.at(-1)!.position;
  }
}
