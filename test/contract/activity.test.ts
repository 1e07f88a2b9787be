import { describeActivityContract } from './activity-contract.ts';
import { BACKENDS, contractBackend } from './backends.ts';

for (const kind of BACKENDS) {
  describeActivityContract(kind, async () => {
    const { backend, cleanup } = await contractBackend(kind);
    return { store: backend.store, replies: backend.replies, subscriptions: backend.subscriptions, cleanup };
  });
}
