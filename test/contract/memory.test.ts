import { createMemoryState, MemoryStore } from '../../src/store/memory/memory-store.ts';
import { MemoryReplyQueue } from '../../src/store/memory/memory-reply-queue.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('memory', async () => {
  const state = createMemoryState();
  return {
    store: new MemoryStore(state, { activityLimit: 1000, eventRetention: 10_000 }),
    replies: new MemoryReplyQueue(state),
    cleanup: async () => {},
  };
});
