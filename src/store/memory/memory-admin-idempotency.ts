import type { Clock } from '../../lib/clock.ts';
import type { AdminIdempotencyStore } from '../admin-idempotency.ts';

/** Idempotency records in process memory, expiring by the backend's clock. */
export class MemoryAdminIdempotency implements AdminIdempotencyStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly clock: Clock;
  private sweptAt = 0;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  async claim(key: string, value: string, ttlMs: number): Promise<string | null> {
    const now = this.clock.now();
    this.sweep(now);
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) return existing.value;
    this.entries.set(key, { value, expiresAt: now + ttlMs });
    return null;
  }

  async settle(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
  }

  async release(key: string, value: string): Promise<void> {
    if (this.entries.get(key)?.value === value) this.entries.delete(key);
  }

  /** Drops expired entries, at most once a second (a claim checks its own key's time itself). */
  private sweep(now: number): void {
    if (now - this.sweptAt < 1000) return;
    this.sweptAt = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
