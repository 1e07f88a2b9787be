/**
 * Time in tests: a clock the test moves by hand (handed to the app as its `Clock`), how long a
 * poll may wait for what workers and processes do, and a plain wait for checking that something
 * did *not* happen.
 */
import type { Clock } from '../../src/lib/clock.ts';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start = Date.parse('2026-03-01T12:00:00.000Z')) {
    this.t = start;
  }
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Options for `expect.poll` and `vi.waitFor` when waiting for workers, processes or Redis. The
 * timeout is generous because parallel test files share two cores; a poll only runs that long when
 * the test is failing anyway. Spread and override: `{ ...POLL, timeout: 60_000 }`.
 */
export const POLL: { readonly timeout: number; readonly interval: number } = { timeout: 20_000, interval: 50 };

/** Waits real time: only to give something that must not happen the chance to happen. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
