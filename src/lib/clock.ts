/** Time source, injected so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

let lastMs = Number.NaN;
let lastIso = '';

/** `ms` as an ISO 8601 UTC string. A call and its reply stamp the same millisecond many times: the last one is kept. */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

/**
 * A record's new `updatedAt`: now, but always later than `previous`, so that a compare-and-set on
 * `updatedAt` sees every change, even two within one millisecond.
 */
export function nextUpdatedAt(previous: string, now: number): string {
  return isoTime(Math.max(now, Date.parse(previous) + 1));
}
