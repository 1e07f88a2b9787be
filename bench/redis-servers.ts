/**
 * Redis servers the bench starts for itself: a private single node (`--private-redis`) and a local
 * Redis Cluster of three masters (`--only scale --cluster`). Both are the test suites' own
 * (test/helpers): no persistence, as the shared Redis the bench uses by default; everything in a
 * temporary directory removed by close(); the processes end with the bench's, however it ends.
 */
import { startLocalCluster as startTestCluster } from '../test/helpers/redis-cluster.ts';
import { startPrivateRedis as startTestRedis } from '../test/helpers/redis-server.ts';
import { connectBenchRedis, type RedisClient } from './redis.ts';

export interface BenchRedis {
  /** What Hookgate gets in REDIS_URL: one URL, or the cluster's seed nodes comma-separated. */
  url: string;
  /** Variables Hookgate needs besides REDIS_URL (HOOKGATE_REDIS_CLUSTER=true for a cluster). */
  env: Record<string, string>;
  /** One URL per server (a cluster's masters), for reading each one's counters. */
  nodes: string[];
  close(): Promise<void>;
}

/** A private redis-server on a free port. */
export async function startPrivateRedis(): Promise<BenchRedis> {
  const server = await startTestRedis();
  return { url: server.url, env: {}, nodes: [server.url], close: () => server.close() };
}

/** Three masters (no replicas) on free ports, joined with `redis-cli --cluster create`. */
export async function startLocalCluster(): Promise<BenchRedis> {
  const cluster = await startTestCluster({ replicas: 0 });
  const nodes = cluster.ports.map((p) => `redis://127.0.0.1:${p}`);
  return { url: cluster.url, env: { HOOKGATE_REDIS_CLUSTER: 'true' }, nodes, close: () => cluster.stop() };
}

/** One plain client per node (INFO is per server; a cluster's counters are the sum over its masters). */
export function connectNodes(redis: BenchRedis): Promise<RedisClient[]> {
  return Promise.all(redis.nodes.map((url) => connectBenchRedis(url)));
}
