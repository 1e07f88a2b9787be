import { MemorySubscriptionStore } from '../../src/store/memory/memory-subscriptions.ts';
import { createMemoryState, MemoryStore } from '../../src/store/memory/memory-store.ts';
import { describeSubscriptionContract } from './subscriptions-contract.ts';

describeSubscriptionContract('memory', async () => {
  const state = createMemoryState();
  return {
    store: new MemoryStore(state, { activityLimit: 1000, eventRetention: 10_000 }),
    outbound: new MemorySubscriptionStore(state),
    cleanup: async () => {},
  };
});
