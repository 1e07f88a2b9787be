/**
 * How a reader tells that a worker holds a reply. A lane's lease id ends in the id of the message it
 * was taken for, so the lease that the queue keeps anyway (lane → lease id, written by the claim
 * and removed by the settlement) doubles as the "sending" marker: no second record to keep in step.
 */
import type { Reply } from '../domain/types.ts';

/** A lease id naming the message it was taken for: `<prefix>/<messageId>`. */
export function leaseIdFor(prefix: string, messageId: string): string {
  return `${prefix}/${messageId}`;
}

/**
 * The message as a reader should see it, given its lane's current lease id (if any): `sending`
 * while a worker holds it, else as stored. A lease left by a crashed worker still reads `sending`
 * until another worker takes the lane over: whether that attempt reached the provider is unknown.
 */
export function withClaim(message: Reply, laneLeaseId: string | null | undefined): Reply {
  const claimed = typeof laneLeaseId === 'string' && laneLeaseId.endsWith(`/${message.id}`);
  if (!claimed || (message.status !== 'queued' && message.status !== 'retrying')) return message;
  return { ...message, status: 'sending', nextAttemptAt: null };
}
