import type { Clock } from '../../src/lib/clock.ts';
import { type Backend, connectRedis, createBackend } from '../../src/store/backend.ts';
import { connectTestRedis, deletePrefix, silentLogger, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';

/** `cluster`: a Redis Cluster a suite started (test/helpers/redis-cluster.ts), its seeds given as `redisUrl`. */
export type BackendKind = 'redis' | 'memory' | 'cluster';

/** Paused deliveries a contract backend's subscription may hold (small, so a suite can reach it). */
export const CONTRACT_PAUSED_LIMIT = 5;

/** Every backend the contract suites run on. */
export const BACKENDS: readonly BackendKind[] = ['redis', 'memory'];

/** Every key under a prefix that contains `text`, on every master of a cluster (SCAN node by node). */
export async function clusterKeysWith(redisUrl: string, pattern: string): Promise<string[]> {
  const client = await connectRedis(redisUrl, silentLogger, 'test', { cluster: true });
  try {
    const found: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) found.push(...batch);
    return found;
  } finally {
    await client.close();
  }
}

/** Real time moved by `offsetMs`: a backend's injected clock that a test can set apart from Date.now(). */
export class ShiftedClock implements Clock {
  offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export interface ContractBackend {
  backend: Backend;
  clock: ShiftedClock;
  prefix: string;
  /**
   * Deletes what the test wrote (a Redis backend's keys under its prefix) and closes the backend;
   * a cluster's keys go with the cluster, at the end of its suite.
   */
  cleanup(): Promise<void>;
}

/**
 * A backend built by the factory production uses (createBackend), so a suite holds to account what
 * the service really wires; on Redis under a key prefix of its own (or a given one, shared by two
 * backends standing for two processes).
 */
export async function contractBackend(
  kind: BackendKind,
  options: { prefix?: string; schedulerPartitions?: number; redisUrl?: string } = {},
): Promise<ContractBackend> {
  if (kind === 'cluster' && !options.redisUrl) throw new Error('a cluster backend needs the seeds of the suite’s cluster (redisUrl)');
  const prefix = options.prefix ?? uniquePrefix();
  const clock = new ShiftedClock();
  const backend = await createBackend({
    redisUrl: kind === 'memory' ? null : (options.redisUrl ?? TEST_REDIS_URL),
    redisCluster: kind === 'cluster',
    prefix,
    activityLimit: 1000,
    eventRetention: 10_000,
    pausedDeliveriesLimit: CONTRACT_PAUSED_LIMIT,
    schedulerPartitions: options.schedulerPartitions,
    logger: silentLogger,
    clock,
  });
  return {
    backend,
    clock,
    prefix,
    cleanup: async () => {
      if (kind === 'redis') {
        const client = await connectTestRedis();
        await deletePrefix(client, prefix);
        await client.close();
      }
      await backend.close();
    },
  };
}
