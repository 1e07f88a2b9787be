/**
 * Which scheduler partition a bot belongs to. Every process must agree on it (a signal from the
 * API and a claim by a worker meet in the same partition), so it is a fixed function of the bot id
 * and the partition count, with no seed and nothing taken from the runtime.
 */

/** HOOKGATE_SCHEDULER_PARTITIONS' default. */
export const DEFAULT_SCHEDULER_PARTITIONS = 16;

/** The largest partition count accepted: every worker probes each partition now and then. */
export const MAX_SCHEDULER_PARTITIONS = 1024;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * The partition of a bot: the 32-bit FNV-1a hash of its id's UTF-8 bytes, as an unsigned integer,
 * modulo the partition count. FNV-1a is fixed by its definition (offset basis 2166136261, prime
 * 16777619), so another implementation (a script, another language) computes the same partition.
 */
export function partitionOf(botId: string, partitions: number): number {
  if (partitions <= 1) return 0;
  let hash = FNV_OFFSET;
  for (let i = 0; i < botId.length; i++) {
    const code = botId.charCodeAt(i);
    // An ASCII id (every id Hookgate mints) is its own UTF-8; anything else is encoded first.
    if (code > 0x7f) return fnv1a(encoder.encode(botId)) % partitions;
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  return (hash >>> 0) % partitions;
}

function fnv1a(bytes: Uint8Array): number {
  let hash = FNV_OFFSET;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME);
  return hash >>> 0;
}
