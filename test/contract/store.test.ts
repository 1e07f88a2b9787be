import { BACKENDS, contractBackend } from './backends.ts';
import { describeStoreContract } from './store-contract.ts';

for (const kind of BACKENDS) {
  describeStoreContract(kind, async () => {
    const { backend, cleanup } = await contractBackend(kind);
    return { store: backend.store, replies: backend.replies, cleanup };
  });
}
