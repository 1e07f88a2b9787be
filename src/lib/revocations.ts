import type { TokenDenyList } from '../store/token-denylist.ts';
import type { Clock } from './clock.ts';

/**
 * The admin-token deny list as this process knows it: fetched whole from the store at most every
 * `ttlMs` (one read for all requests in that window, shared while in flight), so a revocation made
 * on another instance applies here within `ttlMs`; one made here applies at once.
 */
export class RevocationCache {
  private readonly denyList: TokenDenyList;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private known = new Set<string>();
  /** Revoked here, with their `until`: kept across a refresh that read the store just before the write. */
  private readonly local = new Map<string, number>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;

  constructor(denyList: TokenDenyList, clock: Clock, ttlMs: number) {
    this.denyList = denyList;
    this.clock = clock;
    this.ttlMs = ttlMs;
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.clock.now() - this.fetchedAt >= this.ttlMs) await this.refresh();
    return this.known.has(jti);
  }

  async revoke(jti: string, until: number): Promise<void> {
    await this.denyList.revoke(jti, until);
    this.local.set(jti, until);
    this.known.add(jti);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        const now = this.clock.now();
        const known = new Set(await this.denyList.revoked(now));
        for (const [jti, until] of this.local) {
          if (until <= now) this.local.delete(jti);
          else known.add(jti);
        }
        this.known = known;
        this.fetchedAt = now;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}
