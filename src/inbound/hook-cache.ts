import type { HookConfig, Store } from '../store/store.ts';

/**
 * The inbound route's copy of each webhook's config (block, account, version). An accepted call
 * is only written if the version is still current (the write says `stale` otherwise), and every
 * refusal decided on a cached copy is decided again on a fresh one, so the cache never changes an
 * answer; it only saves the read. Bounded: cleared when full.
 */
export class HookCache {
  private readonly entries = new Map<string, HookConfig>();
  private readonly max: number;

  constructor(max = 10_000) {
    this.max = max;
  }

  async get(store: Store, webhookId: string, fresh: boolean): Promise<{ config: HookConfig | null; cached: boolean }> {
    if (!fresh) {
      const hit = this.entries.get(webhookId);
      if (hit) return { config: hit, cached: true };
    }
    const config = await store.loadHook(webhookId);
    if (config) {
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(webhookId, config);
    } else {
      this.entries.delete(webhookId);
    }
    return { config, cached: false };
  }
}
