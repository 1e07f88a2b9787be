/**
 * A worker process killed with SIGKILL while it moves a large schedule of the old layout into its
 * partitions (the start-up reconcile's adopt) loses no bot and no time: the next worker's adopt
 * finishes the move, and every bot ends in its own partition only, with the score it had. Real
 * processes (`node src/main.ts`) on real Redis, under their own key prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { partitionOf } from '../../src/scheduling/partitions.ts';
import type { RedisNodeClient } from '../../src/store/redis/client.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { aSecret, freePort, killAllServices, spawnNode, startWorkerProcess } from '../helpers/service-process.ts';

/** Enough for the move to take many rounds of 500 (ADOPT_BATCH), so that the kill lands inside it. */
const BOTS = 40_000;
const PARTITIONS = 16;

describe('a worker killed while it adopts the old layout’s schedule', () => {
  const prefix = uniquePrefix();
  const keys = redisKeys(prefix);
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    HOOKGATE_SECRET: aSecret(),
    HOOKGATE_REDIS_PREFIX: prefix,
    HOOKGATE_SCHEDULER_PARTITIONS: String(PARTITIONS),
  };
  let client: RedisNodeClient;

  beforeAll(async () => {
    client = await connectTestRedis();
  });
  afterAll(async () => {
    await killAllServices();
    await deletePrefix(client, prefix);
    await client.close();
  });

  it('leaves the rest to the next worker, which moves every bot once, with its time', async () => {
    // Retries an hour or more away and leases (fractional scores), none due while the test runs:
    // a due bot with no queued work would be claimed and dropped, which is not what is tested here.
    const base = Date.now() + 3_600_000;
    const bots = Array.from({ length: BOTS }, (_, i) => ({ value: newId('bot'), score: base + i + (i % 3 === 0 ? 0.5 : 0) }));
    for (let i = 0; i < BOTS; i += 5000) await client.zAdd(keys.legacyReplySchedule, bots.slice(i, i + 5000));

    const first = spawnNode('src/main.ts', [], {
      ...env,
      HOOKGATE_ROLE: 'worker',
      HOOKGATE_OPS_PORT: String(await freePort()),
      PORT: String(await freePort()),
    });
    // Killed as soon as the first batch has left the old schedule.
    const deadline = Date.now() + 60_000;
    let left = BOTS;
    while (left === BOTS && Date.now() < deadline) {
      left = await client.zCard(keys.legacyReplySchedule);
      if (left === BOTS) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await first.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    const remaining = await client.zCard(keys.legacyReplySchedule);
    // Mid-move: some bots left the old schedule, most had not.
    expect(remaining).toBeLessThan(BOTS);
    expect(remaining).toBeGreaterThan(0);

    await startWorkerProcess(env);
    await expect.poll(() => client.exists(keys.legacyReplySchedule), { timeout: 60_000, interval: 100 }).toBe(0);

    // Every bot once, in its own partition, at its own time.
    const partitions = Array.from({ length: PARTITIONS }, (_, p) => p);
    const held = await Promise.all(partitions.map((p) => client.zRangeWithScores(keys.replySchedule(p), 0, -1)));
    expect(held.reduce((n, entries) => n + entries.length, 0)).toBe(BOTS);
    const where = new Map<string, { partition: number; score: number }>();
    held.forEach((entries, partition) => {
      for (const { value, score } of entries) where.set(value, { partition, score });
    });
    const misplaced = bots.filter(({ value, score }) => {
      const found = where.get(value);
      return found?.partition !== partitionOf(value, PARTITIONS) || found.score !== score;
    });
    expect(misplaced).toEqual([]);
  }, 180_000);
});
