import { RedisReplyQueue } from '../../src/store/redis/redis-reply-queue.ts';
import { RedisStore } from '../../src/store/redis/redis-store.ts';
import { RedisSignals } from '../../src/store/redis/signals.ts';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('redis', async () => {
  const prefix = uniquePrefix();
  const client = await connectTestRedis();
  const subscriber = await connectTestRedis();
  const options = { prefix, activityLimit: 1000, eventRetention: 10_000 };
  const replies = new RedisReplyQueue(client, subscriber, options);
  return {
    store: new RedisStore(client, { ...options, signal: new RedisSignals(client, prefix, { replies: replies.wakeLocal, events: () => {} }).signal }),
    replies,
    cleanup: async () => {
      await deletePrefix(client, prefix);
      await Promise.all([client.close(), subscriber.close()]);
    },
  };
});
