import type { Clock } from '../lib/clock.ts';
import type { LiveChatStore } from '../store/livechat.ts';
import type { Store } from '../store/store.ts';
import type { AdapterRegistry, ChannelAdapter } from './adapter.ts';
import { LiveChatAdapter } from './livechat.ts';
import { SandboxAdapter } from './sandbox.ts';

/** The adapters this build delivers through, by channel. */
export function createAdapterRegistry(
  deps: { store: Store; liveChat: LiveChatStore; clock: Clock },
  extra: ChannelAdapter[] = [],
): AdapterRegistry {
  const adapters: ChannelAdapter[] = [new SandboxAdapter(deps.store, deps.clock), new LiveChatAdapter(deps.liveChat, deps.clock), ...extra];
  return new Map(adapters.map((a) => [a.channel, a]));
}
