/**
 * How a reader tells that a worker holds a reply. A lane's lease id ends in the id of the message it
 * was taken for, so the lease that the queue keeps anyway (lane → lease id, written by the claim
 * and removed by the settlement) doubles as the "sending" marker: no second record to keep in step.
 * This module owns the format, `<random>/<messageId>`: the Redis claim (claim-lanes-3.lua) appends
 * the head message's id to the prefix made here, and so does the memory queue through leaseIdFor.
 */
import type { Reply } from '../domain/types.ts';
import { newToken } from '../lib/ids.ts';

const SEPARATOR = '/';

/**
 * A new prefix for the lease ids of one claim: random, so a lane taken over gets a lease id its
 * former holder cannot settle with. One claim takes a lane once, so the message id tells its lanes apart.
 */
export function newLeasePrefix(): string {
  return `${newToken()}${SEPARATOR}`;
}

/** The lease id of a lane claimed with `prefix` (from newLeasePrefix) for its head `messageId`. */
export function leaseIdFor(prefix: string, messageId: string): string {
  return `${prefix}${messageId}`;
}

/**
 * The message as a reader should see it, given its lane's current lease id (if any): `sending`
 * while a worker holds it, else as stored. A lease left by a crashed worker still reads `sending`
 * until another worker takes the lane over: whether that attempt reached the provider is unknown.
 */
export function withClaim(message: Reply, laneLeaseId: string | null | undefined): Reply {
  const claimed = typeof laneLeaseId === 'string' && laneLeaseId.endsWith(`${SEPARATOR}${message.id}`);
  if (!claimed || (message.status !== 'queued' && message.status !== 'retrying')) return message;
  return { ...message, status: 'sending', nextAttemptAt: null };
}
