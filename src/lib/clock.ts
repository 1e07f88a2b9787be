/** Time source, injected so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A record's new `updatedAt`: now, but always later than `previous`, so that a compare-and-set on
 * `updatedAt` sees every change, even two within one millisecond.
 */
export function nextUpdatedAt(previous: string, now: number): string {
  return isoTime(Math.max(now, Date.parse(previous) + 1));
}
