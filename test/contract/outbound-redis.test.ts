import { RedisOutboundStore } from '../../src/store/redis/redis-outbound.ts';
import { RedisStore } from '../../src/store/redis/redis-store.ts';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { describeOutboundContract } from './outbound-contract.ts';

describeOutboundContract('redis', async () => {
  const prefix = uniquePrefix();
  const client = await connectTestRedis();
  const options = { prefix, activityLimit: 1000, eventRetention: 10_000 };
  const outbound = new RedisOutboundStore(client, null, options);
  return {
    store: new RedisStore(client, { ...options, onEventsAppended: (botId, at) => outbound.signal(botId, at) }),
    outbound,
    cleanup: async () => {
      await deletePrefix(client, prefix);
      await client.close();
    },
  };
});
