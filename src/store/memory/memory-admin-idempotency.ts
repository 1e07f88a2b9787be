import type { Clock } from '../../lib/clock.ts';
import type { AdminIdempotencyStore } from '../admin-idempotency.ts';

/** Idempotency records in process memory, expiring by the backend's clock. */
export class MemoryAdminIdempotency implements AdminIdempotencyStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  async claim(key: string, value: string, ttlMs: number): Promise<string | null> {
    const now = this.clock.now();
    this.sweep(now);
    const existing = this.entries.get(key);
    if (existing) return existing.value;
    this.entries.set(key, { value, expiresAt: now + ttlMs });
    return null;
  }

  async settle(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
  }

  async release(key: string, value: string): Promise<void> {
    if (this.entries.get(key)?.value === value) this.entries.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
