import { BACKENDS, contractBackend } from './backends.ts';
import { describeTokenDenyListContract } from './token-denylist-contract.ts';

for (const kind of BACKENDS) {
  describeTokenDenyListContract(kind, async () => {
    const { backend, cleanup } = await contractBackend(kind);
    return { denyList: backend.tokenDenyList, cleanup };
  });
}
