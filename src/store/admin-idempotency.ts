/**
 * The admin API's Idempotency-Key records (src/http/admin-idempotency.ts): one opaque value per key,
 * first claimed as "in progress" (for the key's whole 24 h, should nothing follow), then settled with the
 * answer or an unknown outcome, or released when nothing was written (a 4xx/5xx). Implemented on Redis and in memory, held to one contract
 * suite (test/contract/admin-idempotency-contract.ts).
 */
export interface AdminIdempotencyStore {
  /**
   * Stores `value` under `key` for `ttlMs` unless the key holds something already. Resolves with null
   * when this call claimed the key, else with what the key holds.
   */
  claim(key: string, value: string, ttlMs: number): Promise<string | null>;
  /** Replaces the key's value (the settled answer) for `ttlMs`. */
  settle(key: string, value: string, ttlMs: number): Promise<void>;
  /** Forgets the key when it still holds `value` (a claim that is not settled): a later request runs again. */
  release(key: string, value: string): Promise<void>;
}
