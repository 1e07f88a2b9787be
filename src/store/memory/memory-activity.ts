import type { ActivityEntry, Reply } from '../../domain/types.ts';
import type { ActivityChange, PositionedEntry, RejectionResult, RejectionWrite } from '../activity.ts';
import { changeKeep } from '../activity.ts';
import { type BotData, Log, type MemoryState } from './memory-state.ts';

/** A change as the memory store keeps it: a decision points at its entry's position. */
export interface MemoryChange {
  requestId: string;
  position?: string;
  reply?: Reply | null;
}

/** Per webhook: the authentication-failure cap's window, as record-rejection-4.lua keeps it. */
export interface RejectionCap {
  start: number;
  count: number;
  suppressed: number;
}

export function appendChange(data: BotData, activityLimit: number, webhookId: string, change: MemoryChange): void {
  let log = data.activityChanges.get(webhookId);
  if (!log) {
    log = new Log(changeKeep(activityLimit));
    data.activityChanges.set(webhookId, log);
  }
  log.append(structuredClone(change));
}

/** A reply state for live views (memory-reply-queue.ts); `status` overrides the stored one (`sending`). */
export function appendReplyChange(data: BotData, activityLimit: number, message: Reply, status?: Reply['status']): void {
  if (message.webhookId === '') return;
  appendChange(data, activityLimit, message.webhookId, { requestId: message.requestId, reply: status ? { ...message, status } : message });
}

export function recordRejection(state: MemoryState, activityLimit: number, w: RejectionWrite): RejectionResult {
  const data = state.bots.get(w.botId);
  if (!data) return 'gone';
  let entry: ActivityEntry = structuredClone(w.entry);
  if (w.summary) {
    let cap = data.rejectionCaps.get(w.webhookId);
    if (!cap) {
      cap = { start: 0, count: 0, suppressed: 0 };
      data.rejectionCaps.set(w.webhookId, cap);
    }
    if (w.now - cap.start >= w.windowMs) Object.assign(cap, { start: w.now, count: 0 });
    cap.count += 1;
    if (cap.count > w.summaryLimit) {
      cap.suppressed += 1;
      return 'suppressed';
    }
    if (cap.suppressed > 0) entry = { ...entry, suppressed: cap.suppressed };
    cap.suppressed = 0;
  }
  let log = data.activity.get(w.webhookId);
  if (!log) {
    log = new Log(activityLimit);
    data.activity.set(w.webhookId, log);
  }
  const position = log.append(entry);
  appendChange(data, activityLimit, w.webhookId, { requestId: entry.requestId, position });
  return 'recorded';
}

export function scanActivity(
  state: MemoryState,
  botId: string,
  webhookId: string,
  before: string | null,
  count: number,
): PositionedEntry[] {
  const log = state.bots.get(botId)?.activity.get(webhookId);
  return (log?.before(before, count) ?? []).map(({ id, value }) => ({ position: id, entry: value }));
}

export function activityChanges(state: MemoryState, botId: string, webhookId: string, after: string, limit: number): ActivityChange[] {
  const data = state.bots.get(botId);
  const log = data?.activityChanges.get(webhookId);
  if (!data || !log) return [];
  const activity = data.activity.get(webhookId);
  return log.after(after, limit).map(({ id, value }) => ({
    id,
    requestId: value.requestId,
    entry: value.position !== undefined ? (activity?.at(value.position) ?? null) : null,
    reply: value.reply ?? null,
  }));
}
