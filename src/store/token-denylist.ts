/**
 * Revoked admin tokens, by `jti`: each kept until the token would have expired anyway, then
 * forgotten. Small by nature (revocations are rare and short-lived next to a token's lifetime), so
 * readers fetch the whole list and cache it (src/lib/revocations.ts). Implemented on Redis and in
 * memory, held to one contract suite (test/contract/token-denylist-contract.ts).
 */
export interface TokenDenyList {
  /** Denies `jti` until `until` (ms since the epoch); a later `until` for the same jti extends it. */
  revoke(jti: string, until: number): Promise<void>;
  /** Every jti denied at `now`; entries past their `until` are dropped. */
  revoked(now: number): Promise<string[]>;
}
