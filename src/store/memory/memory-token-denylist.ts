import type { TokenDenyList } from '../token-denylist.ts';

/** The deny list in process memory (one process: the memory store is for trying Hookgate out). */
export class MemoryTokenDenyList implements TokenDenyList {
  private readonly entries = new Map<string, number>();

  async revoke(jti: string, until: number): Promise<void> {
    this.entries.set(jti, Math.max(until, this.entries.get(jti) ?? 0));
  }

  async revoked(now: number): Promise<string[]> {
    for (const [jti, until] of this.entries) if (until <= now) this.entries.delete(jti);
    return [...this.entries.keys()];
  }
}
