import { connectTestRedis } from '../helpers/redis.ts';
import { BACKENDS, contractBackend } from './backends.ts';
import { describeSubscriptionContract } from './subscriptions-contract.ts';

for (const kind of BACKENDS) {
  describeSubscriptionContract(kind, async () => {
    const { backend, clock, prefix, cleanup } = await contractBackend(kind);
    return {
      store: backend.store,
      outbound: backend.subscriptions,
      clock,
      async keysWith(text: string) {
        if (kind === 'memory') return [];
        const client = await connectTestRedis();
        try {
          const found: string[] = [];
          for await (const batch of client.scanIterator({ MATCH: `${prefix}:*${text}*`, COUNT: 1000 })) found.push(...batch);
          return found;
        } finally {
          await client.close();
        }
      },
      cleanup,
    };
  });
}
