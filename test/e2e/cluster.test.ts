/**
 * The service on a Redis Cluster of 3 masters and 3 replicas that this file starts
 * (HOOKGATE_REDIS_CLUSTER=true, every node a seed in REDIS_URL): the end-to-end flow of one Redis,
 * inbound call to delivered reply, through a real service process.
 */
import { uniquePrefix } from '../helpers/redis.ts';
import { localClusterForFile } from '../helpers/redis-cluster.ts';
import { describeFlow } from './flow-suite.ts';

const cluster = localClusterForFile();

describeFlow('Redis Cluster', async () => ({
  env: { REDIS_URL: cluster().url, HOOKGATE_REDIS_CLUSTER: 'true', HOOKGATE_REDIS_PREFIX: uniquePrefix() },
  // The keys go with the cluster.
  cleanup: async () => {},
}));
