import { RedisSubscriptionStore } from '../../src/store/redis/redis-subscriptions.ts';
import { RedisStore } from '../../src/store/redis/redis-store.ts';
import { RedisSignals } from '../../src/store/redis/signals.ts';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { describeSubscriptionContract } from './subscriptions-contract.ts';

describeSubscriptionContract('redis', async () => {
  const prefix = uniquePrefix();
  const client = await connectTestRedis();
  const options = { prefix, activityLimit: 1000, eventRetention: 10_000 };
  const signals = new RedisSignals(client, prefix, { replies: () => {}, events: () => outbound.wakeLocal() });
  const outbound = new RedisSubscriptionStore(client, null, options);
  return {
    store: new RedisStore(client, { ...options, signal: signals.signal }),
    outbound,
    cleanup: async () => {
      await deletePrefix(client, prefix);
      await client.close();
    },
  };
});
