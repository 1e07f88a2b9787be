import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminIdempotencyStore } from '../../src/store/admin-idempotency.ts';
import { POLL } from '../helpers/clock.ts';
import type { ShiftedClock } from './backends.ts';

export interface AdminIdempotencySubject {
  store: AdminIdempotencyStore;
  clock: ShiftedClock;
  /** Real TTLs on Redis cannot be moved by the clock: only the memory store expires by it. */
  expiresByClock: boolean;
  cleanup(): Promise<void>;
}

/** What every store of admin Idempotency-Key records must do, whatever holds it. */
export function describeAdminIdempotencyContract(name: string, make: () => Promise<AdminIdempotencySubject>): void {
  describe(`admin idempotency contract: ${name}`, () => {
    let subject: AdminIdempotencySubject;

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(() => subject.cleanup());

    it('claims a free key once; a second claim sees the first value', async () => {
      expect(await subject.store.claim('k1', 'first', 60_000)).toBeNull();
      expect(await subject.store.claim('k1', 'second', 60_000)).toBe('first');
    });

    it('claims a key once when many claim it at the same time', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => subject.store.claim('race', `v${i}`, 60_000)));
      expect(results.filter((r) => r === null)).toHaveLength(1);
    });

    it('keeps a settled value in place of the claim', async () => {
      await subject.store.claim('k2', 'claim', 60_000);
      await subject.store.settle('k2', 'answer', 60_000);
      expect(await subject.store.claim('k2', 'again', 60_000)).toBe('answer');
    });

    it('releases a claim it still holds, and only that', async () => {
      await subject.store.claim('k3', 'claim', 60_000);
      await subject.store.release('k3', 'claim');
      expect(await subject.store.claim('k3', 'next', 60_000)).toBeNull();
      await subject.store.settle('k3', 'answer', 60_000);
      await subject.store.release('k3', 'next');
      expect(await subject.store.claim('k3', 'other', 60_000)).toBe('answer');
    });

    it('keeps keys apart, whatever their characters', async () => {
      const keys = ['a', 'a ', '{admidem}', 'ü', 'x'.repeat(300)];
      for (const key of keys) expect(await subject.store.claim(key, key, 60_000)).toBeNull();
      for (const key of keys) expect(await subject.store.claim(key, 'later', 60_000)).toBe(key);
    });

    it('forgets a value after its time', async () => {
      await subject.store.claim('k4', 'claim', 50);
      if (subject.expiresByClock) subject.clock.offsetMs += 51;
      await expect.poll(() => subject.store.claim('k4', 'next', 60_000), POLL).toBeNull();
    });
  });
}
