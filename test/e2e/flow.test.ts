import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { describeFlow } from './flow-suite.ts';

describeFlow('Redis', async () => {
  const prefix = uniquePrefix();
  return {
    env: { REDIS_URL: TEST_REDIS_URL, HOOKGATE_REDIS_PREFIX: prefix },
    cleanup: async () => {
      const client = await connectTestRedis();
      await deletePrefix(client, prefix);
      await client.close();
    },
  };
});
