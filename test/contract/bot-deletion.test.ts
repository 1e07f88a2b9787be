import { connectTestRedis } from '../helpers/redis.ts';
import { BACKENDS, contractBackend } from './backends.ts';
import { describeBotDeletionContract } from './bot-deletion-contract.ts';

for (const kind of BACKENDS) {
  describeBotDeletionContract(kind, async () => ({
    subject: await contractBackend(kind),
    redis: kind === 'redis' ? await connectTestRedis() : null,
  }));
}
