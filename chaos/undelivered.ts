/** Why acknowledged calls' replies did not arrive: their messages' stored status (and error code). */
import { countBy } from './report.ts';
import type { StoredCall, StoreReader } from './store-read.ts';

/** Counts of `status (code)` over the stored messages of calls `seqs`; `not stored` for a call with no activity entry. */
export async function lostBreakdown(
  store: StoreReader,
  botId: string,
  activity: StoredCall[],
  seqs: number[],
): Promise<Record<string, number>> {
  const bySeq = new Map(activity.map((a) => [a.seq, a]));
  const ids = seqs.flatMap((seq) => {
    const id = bySeq.get(seq)?.messageId;
    return id ? [id] : [];
  });
  const messages = await store.messages(botId, ids);
  return countBy(seqs, (seq) => {
    const call = bySeq.get(seq);
    if (!call) return 'not stored';
    if (!call.messageId) return 'stored without a reply';
    const m = messages.get(call.messageId);
    if (!m) return 'message missing';
    return m.code ? `${m.status} (${m.code})` : m.status;
  });
}
