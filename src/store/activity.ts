/**
 * A webhook's activity beyond the accepted calls' log: refused calls, and the change stream live
 * views follow. Every decided call (accepted or refused) appends a change that points at its
 * activity entry; every later state of its reply (`sending`, `retrying`, `sent`, `failed`) appends
 * one holding the reply as it then stood. Both logs are bounded; a reader resumes after a change id.
 */
import type { ActivityEntry, Reply } from '../domain/types.ts';

/** One step of a webhook's change stream, as a reader gets it. */
export interface ActivityChange {
  /** The change's position: opaque to clients, strictly increasing, resumable. */
  id: string;
  requestId: string;
  /** The call's entry when this change is its decision (null once the log has trimmed it, or for a reply's change). */
  entry: ActivityEntry | null;
  /** The reply as it stood at this change (a decision: as queued); null when the call has none. */
  reply: Reply | null;
}

/** An activity entry with its position in the log (newest first in scans). */
export interface PositionedEntry {
  position: string;
  entry: ActivityEntry;
}

/** A refused call to record: a full entry, or (`summary`) an authentication failure counted against a per-minute cap. */
export interface RejectionWrite {
  botId: string;
  webhookId: string;
  entry: ActivityEntry;
  summary: boolean;
  now: number;
  /** Summaries recorded per webhook per window; the rest are only counted (`suppressed` on the next one recorded). */
  summaryLimit: number;
  windowMs: number;
}

/** `gone`: the bot or webhook no longer exists (nothing is written). */
export type RejectionResult = 'recorded' | 'suppressed' | 'gone';

/** The change stream keeps this many changes per webhook (about four per call: decided, sending, sent). */
export function changeKeep(activityLimit: number): number {
  return activityLimit * 4;
}

/** The activity operations of the Store (src/store/store.ts). */
export interface ActivityStore {
  /** Appends a refused call's entry and its change; summaries beyond the cap are counted, not written. */
  recordRejection(write: RejectionWrite): Promise<RejectionResult>;
  /** Entries newest first, strictly before `before` (a position; null: from the newest). */
  scanActivity(botId: string, webhookId: string, before: string | null, count: number): Promise<PositionedEntry[]>;
  /** Changes strictly after position `after`, oldest first. */
  activityChanges(botId: string, webhookId: string, after: string, limit: number): Promise<ActivityChange[]>;
  /** The newest change's position (`0-0` when there is none): a new reader starts after it. */
  lastActivityChange(botId: string, webhookId: string): Promise<string>;
}

/** The last position in a log of `seq-0` / `ms-seq` ids compares as a pair of integers. */
export function comparePositions(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
}
