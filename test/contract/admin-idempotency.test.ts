import { describeAdminIdempotencyContract } from './admin-idempotency-contract.ts';
import { BACKENDS, contractBackend } from './backends.ts';

for (const kind of BACKENDS) {
  describeAdminIdempotencyContract(kind, async () => {
    const { backend, clock, cleanup } = await contractBackend(kind);
    return { store: backend.adminIdempotency, clock, expiresByClock: kind === 'memory', cleanup };
  });
}
