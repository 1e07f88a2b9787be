import type { AdminIdempotencyStore } from '../admin-idempotency.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';

// Deletes the key only while it holds the claim (a settled answer, or another request's claim, stays).
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

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
      await this.client.eval(RELEASE, { keys: [this.prefix + key], arguments: [value] });
    });
  }
}
