import { MemoryOutboundStore } from '../../src/store/memory/memory-outbound.ts';
import { createMemoryState, MemoryStore } from '../../src/store/memory/memory-store.ts';
import { describeOutboundContract } from './outbound-contract.ts';

describeOutboundContract('memory', async () => {
  const state = createMemoryState();
  return {
    store: new MemoryStore(state, { activityLimit: 1000, eventRetention: 10_000 }),
    outbound: new MemoryOutboundStore(state),
    cleanup: async () => {},
  };
});
