import type { AdminIdempotencyStore } from '../admin-idempotency.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';
import { releaseClaim } from './scripts.ts';

/** Each record is one string key with its TTL, under a hash tag of its own: `<prefix>:{admidem}:<key>`. */
export class RedisAdminIdempotency implements AdminIdempotencyStore {
  private readonly client: RedisClient;
  private readonly prefix: string;

  constructor(client: RedisClient, prefix: string) {
    this.client = client;
    this.prefix = `${prefix}:{admidem}:`;
  }

  claim(key: string, value: string, ttlMs: number): Promise<string | null> {
    return guard(async () => {
      // SET NX GET: claims, or answers what is there, in one round trip (Redis >= 7).
      const previous = await this.client.set(this.prefix + key, value, { NX: true, GET: true, PX: ttlMs });
      return previous === null ? null : String(previous);
    });
  }

  settle(key: string, value: string, ttlMs: number): Promise<void> {
    return guard(async () => {
      await this.client.set(this.prefix + key, value, { PX: ttlMs });
    });
  }

  release(key: string, value: string): Promise<void> {
    return guard(async () => {
      await releaseClaim(this.client, [this.prefix + key], [value]);
    });
  }
}
