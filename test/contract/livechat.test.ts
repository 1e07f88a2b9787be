import { connectTestRedis } from '../helpers/redis.ts';
import { BACKENDS, contractBackend } from './backends.ts';
import { describeLiveChatContract } from './livechat-contract.ts';

for (const kind of BACKENDS) {
  describeLiveChatContract(kind, async () => {
    const { backend, prefix, cleanup } = await contractBackend(kind);
    return {
      liveChat: backend.liveChat,
      store: backend.store,
      async keysOf(botId: string) {
        if (kind === 'memory') return [];
        const client = await connectTestRedis();
        try {
          const found: string[] = [];
          for await (const batch of client.scanIterator({ MATCH: `${prefix}:*{${botId}}*`, COUNT: 1000 })) found.push(...batch);
          return found;
        } finally {
          await client.close();
        }
      },
      cleanup,
    };
  });
}
