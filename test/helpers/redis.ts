import { randomBytes } from 'node:crypto';
import { createLogger } from '../../src/lib/logger.ts';
import { connectRedisNode } from '../../src/store/backend.ts';
import type { RedisNodeClient as RedisClient } from '../../src/store/redis/client.ts';

export const TEST_REDIS_URL = process.env.HOOKGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const silentLogger = createLogger('silent');

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `hgt${randomBytes(5).toString('hex')}`;
}

export async function connectTestRedis(url = TEST_REDIS_URL): Promise<RedisClient> {
  return connectRedisNode(url, silentLogger, 'test');
}

/** Deletes every key under a prefix. */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<void> {
  for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) {
    if (batch.length) await client.unlink(batch);
  }
}
