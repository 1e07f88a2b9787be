import { BACKENDS, contractBackend } from './backends.ts';
import { describeSubscriptionContract } from './subscriptions-contract.ts';

for (const kind of BACKENDS) {
  describeSubscriptionContract(kind, async () => {
    const { backend, clock, cleanup } = await contractBackend(kind);
    return { store: backend.store, outbound: backend.subscriptions, clock, cleanup };
  });
}
