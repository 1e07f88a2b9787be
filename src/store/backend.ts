import { createClient, createCluster } from 'redis';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Schedulers } from '../scheduling/bot-scheduler.ts';
import { memorySchedulers } from '../scheduling/memory-bot-scheduler.ts';
import { redisSchedulers } from '../scheduling/redis-bot-scheduler.ts';
import type { AdminIdempotencyStore } from './admin-idempotency.ts';
import type { LiveChatStore } from './livechat.ts';
import { MemoryAdminIdempotency } from './memory/memory-admin-idempotency.ts';
import { MemoryLiveChat } from './memory/memory-livechat.ts';
import { MemoryReplyQueue } from './memory/memory-reply-queue.ts';
import { createMemoryState } from './memory/memory-state.ts';
import { MemoryStore } from './memory/memory-store.ts';
import { MemorySubscriptionStore } from './memory/memory-subscriptions.ts';
import { MemoryTokenDenyList } from './memory/memory-token-denylist.ts';
import { clusterClient, type RedisClient, type RedisNodeClient } from './redis/client.ts';
import { RedisAdminIdempotency } from './redis/redis-admin-idempotency.ts';
import { RedisLiveChat } from './redis/redis-livechat.ts';
import { RedisReplyQueue } from './redis/redis-reply-queue.ts';
import { RedisStore } from './redis/redis-store.ts';
import { RedisSubscriptionStore } from './redis/redis-subscriptions.ts';
import { RedisTokenDenyList } from './redis/redis-token-denylist.ts';
import { dropWhenSilent } from './redis/silence-watchdog.ts';
import { redisKeys } from './redis-keys.ts';
import type { ReplyQueue, Store } from './store.ts';
import type { SubscriptionStore } from './subscriptions.ts';
import type { TokenDenyList } from './token-denylist.ts';

export interface Backend {
  kind: 'redis' | 'memory';
  store: Store;
  replies: ReplyQueue;
  liveChat: LiveChatStore;
  subscriptions: SubscriptionStore;
  /** Revoked admin tokens (by jti). */
  tokenDenyList: TokenDenyList;
  /** The admin API's Idempotency-Key records. */
  adminIdempotency: AdminIdempotencyStore;
  /** The bot schedulers the reply queue and the subscription store are built on (the workers reach them through those). */
  schedulers: Schedulers;
  close(): Promise<void>;
}

export interface BackendOptions {
  redisUrl: string | null;
  /** `redisUrl` lists the seed nodes (comma-separated) of a Redis Cluster. */
  redisCluster?: boolean;
  prefix: string;
  activityLimit: number;
  eventRetention: number;
  /** HOOKGATE_SCHEDULER_PARTITIONS (default DEFAULT_SCHEDULER_PARTITIONS): the same in every process. */
  schedulerPartitions?: number;
  /** Paused deliveries a subscription may hold before new ones go to the dead letter (DEFAULT_PAUSED_DELIVERIES_LIMIT). */
  pausedDeliveriesLimit?: number;
  logger: Logger;
  /** The service's clock: what the stores stamp on their own (the time a bot is signalled at). */
  clock: Clock;
  /**
   * Return at once and connect in the background (the service: it listens and answers 503 until
   * Redis comes). Without it the first connection is awaited and its failure rejects (the CLIs).
   */
  connectInBackground?: boolean;
}

/** Builds the store, queues and schedulers: on Redis when a URL is given, else in memory. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  if (!options.redisUrl) {
    const state = createMemoryState();
    const schedulers = memorySchedulers({ partitions: options.schedulerPartitions });
    return {
      kind: 'memory',
      store: new MemoryStore(state, { ...options, schedulers }),
      replies: new MemoryReplyQueue(state, schedulers, options.activityLimit),
      liveChat: new MemoryLiveChat(state),
      subscriptions: new MemorySubscriptionStore(state, schedulers, options),
      tokenDenyList: new MemoryTokenDenyList(),
      adminIdempotency: new MemoryAdminIdempotency(options.clock),
      schedulers,
      close: async () => {},
    };
  }
  const connect = { background: options.connectInBackground ?? false, cluster: options.redisCluster ?? false };
  const client = await connectRedis(options.redisUrl, options.logger, 'main', connect);
  // Pub/sub needs a connection of its own: the schedulers' wake-ups and live chat notices.
  const subscriber = await connectRedis(options.redisUrl, options.logger, 'subscriber', { ...connect, subscriber: true });
  const schedulers = redisSchedulers(client, subscriber, redisKeys(options.prefix), { partitions: options.schedulerPartitions });
  return {
    kind: 'redis',
    store: new RedisStore(client, { ...options, schedulers }),
    replies: new RedisReplyQueue(client, { ...options, schedulers }),
    liveChat: new RedisLiveChat(client, subscriber, options.prefix),
    subscriptions: new RedisSubscriptionStore(client, { ...options, schedulers }),
    tokenDenyList: new RedisTokenDenyList(client, options.prefix),
    adminIdempotency: new RedisAdminIdempotency(client, options.prefix),
    schedulers,
    close: async () => {
      await Promise.allSettled([closeClient(client), closeClient(subscriber)]);
    },
  };
}

/**
 * Closes a connection, waiting for the commands in flight, but not for ever: a client that is
 * reconnecting to a Redis that does not answer (the silence watchdog's reconnect, a black-holed
 * network) is destroyed after CLOSE_GRACE_MS instead. A cluster is closed as a whole, under the
 * same bound: its close waits for every node's connection, and past the grace all are destroyed
 * (one hung master must not hold the shutdown longer than a single node would).
 */
const CLOSE_GRACE_MS = 2000;
async function closeClient(client: RedisClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      try {
        client.destroy();
      } catch {
        // closed meanwhile
      }
      resolve();
    }, CLOSE_GRACE_MS);
  });
  try {
    await Promise.race([client.close(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long a first connection is awaited before giving up (a CLI then exits), or, in the
 * background, before start-up says once that it is still waiting.
 */
export const REDIS_STARTUP_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  startupTimeoutMs?: number;
  background?: boolean;
  /** For pub/sub only: no silence watchdog (and, on a cluster, no connection to every master). */
  subscriber?: boolean;
  /** `url` lists the seed nodes (comma-separated) of a Redis Cluster. */
  cluster?: boolean;
}

/**
 * Every connection's socket, single node or cluster node: a connect must succeed within 2 s, and
 * 5 s without any traffic closes the socket (failing what is in flight: 503). With a PING every
 * second (`PING_INTERVAL_MS`) a healthy socket is never that quiet.
 */
const SOCKET_TIMEOUTS = { connectTimeout: 2000, socketTimeout: 5000 };
const PING_INTERVAL_MS = 1000;

/** Reconnect delay after `retries` failed attempts: 50 ms doubling, at most 1 s. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** Math.min(retries, 5), 1000);
}

/** Logs a connection's errors, one line every 5 s at most: a down Redis reports on every reconnect attempt. */
function connectionErrorLog(logger: Logger, name: string): (err: Error) => void {
  let lastLogged = 0;
  return (err) => {
    const now = Date.now();
    if (now - lastLogged > 5000) {
      lastLogged = now;
      logger.error({ connection: name, err: err.message }, 'redis connection error');
    }
  };
}

/**
 * A client that fails commands at once while disconnected (so the API answers 503 instead of
 * hanging) and keeps reconnecting in the background. By default the first connection is awaited:
 * a Redis that cannot be reached within `startupTimeoutMs` rejects (a CLI stops with a clear
 * message). With `background` the client is returned at once and retries until Redis comes, so
 * the service listens (`/healthz` 200, store-bound routes 503) through a Redis that starts later.
 */
export async function connectRedis(url: string, logger: Logger, name: string, options: ConnectOptions = {}): Promise<RedisClient> {
  if (options.cluster) return connectCluster(url, logger, name, options);
  return connectRedisNode(url, logger, name, options);
}

/** connectRedis on a single node, typed as node-redis's own client (tests and the bench use its every command). */
export async function connectRedisNode(
  url: string,
  logger: Logger,
  name: string,
  options: Omit<ConnectOptions, 'cluster'> = {},
): Promise<RedisNodeClient> {
  const startupTimeoutMs = options.startupTimeoutMs ?? REDIS_STARTUP_TIMEOUT_MS;
  const background = options.background ?? false;
  let waitingLogged = false;
  const started = Date.now();
  let everReady = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // No per-command timer: node-redis would create an AbortSignal.timeout for every command
    // (a quarter of the inbound route's throughput, and most of its heap growth). A Redis that
    // stops answering is caught per connection instead: a PING every second keeps a healthy
    // socket busy, and 5 s without any traffic closes it, failing what is in flight (503); with
    // writes still going out (which reset that timer), 5 s without a PING answered does (dropWhenSilent).
    commandOptions: { timeout: 0 },
    pingInterval: PING_INTERVAL_MS,
    socket: {
      ...SOCKET_TIMEOUTS,
      reconnectStrategy: (retries: number, cause: Error) => {
        if (!everReady && Date.now() - started >= startupTimeoutMs) {
          if (background) {
            if (!waitingLogged) logger.warn({ connection: name, err: cause.message }, 'redis not reachable yet; still trying');
            waitingLogged = true;
            return 1000;
          }
          return new Error(`no connection within ${Math.round(startupTimeoutMs / 1000)} s (${cause.message})`);
        }
        return reconnectDelay(retries);
      },
    },
  });
  client.on('error', connectionErrorLog(logger, name));
  client.on('ready', () => {
    everReady = true;
    if (waitingLogged) logger.info({ connection: name }, 'redis connected');
    waitingLogged = false;
    logger.debug({ connection: name }, 'redis ready');
  });
  // Under steady writes the socket timeout never fires on a hung Redis (silence-watchdog.ts).
  if (!options.subscriber) {
    const watched = [client];
    dropWhenSilent(() => watched, logger, name);
  }
  const connecting = client.connect();
  if (!background) {
    await connecting;
    return client;
  }
  // Never rejects while the strategy keeps retrying; a close() during start-up ends it quietly.
  connecting.catch(() => {});
  return client;
}

/**
 * A Redis Cluster behind the RedisClient surface (src/store/redis/client.ts), with every node's
 * connection set up as connectRedis sets up a single one: no offline queue (a command for a slot
 * whose master is unreachable fails at once: 503), no per-command timer, a PING every second and
 * the silence watchdog on each master's connection. node-redis finds the nodes from the seeds
 * (`CLUSTER SLOTS`), follows MOVED and ASK, and reads the topology again once a node has been
 * reconnecting for a second (a failover: the promoted replica takes the slots). Credentials and TLS
 * come from the first seed's URL and apply to every node. Start-up retries the seeds every second;
 * without `background` it gives up after `startupTimeoutMs`.
 */
async function connectCluster(urls: string, logger: Logger, name: string, options: ConnectOptions): Promise<RedisClient> {
  const startupTimeoutMs = options.startupTimeoutMs ?? REDIS_STARTUP_TIMEOUT_MS;
  const seeds = urls.split(',').map((u) => u.trim());
  const first = new URL(seeds[0]!);
  const logError = connectionErrorLog(logger, name);
  const cluster = createCluster({
    rootNodes: seeds.map((url) => ({ url })),
    defaults: {
      ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
      ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
      disableOfflineQueue: true,
      pingInterval: PING_INTERVAL_MS,
      socket: {
        ...(first.protocol === 'rediss:' ? { tls: true as const } : {}),
        ...SOCKET_TIMEOUTS,
        reconnectStrategy: reconnectDelay,
      },
    },
    // No per-command timer (see connectRedis): the watchdog and socket timeout bound a silent node.
    commandOptions: { timeout: 0 },
    // A subscriber needs one connection (and one per shard for sharded channels), not every master.
    minimizeConnections: options.subscriber ?? false,
    topologyRefreshOnReconnectionAttemptStrategy: 1000,
  });
  cluster.on('error', logError);
  cluster.on('node-error', logError);
  let closed = false;
  const client = clusterClient(cluster, () => {
    closed = true;
  });
  if (!options.subscriber) {
    dropWhenSilent(() => cluster.masters.flatMap((master) => (master.client ? [master.client] : [])), logger, name);
  }
  const started = Date.now();
  let waitingLogged = false;
  const connecting = (async () => {
    for (;;) {
      try {
        await cluster.connect();
        if (waitingLogged) logger.info({ connection: name }, 'redis connected');
        logger.debug({ connection: name, masters: cluster.masters.length }, 'redis cluster ready');
        return;
      } catch (err) {
        if (closed) throw new Error('closed during start-up');
        const message = err instanceof Error ? err.message : String(err);
        if (Date.now() - started >= startupTimeoutMs) {
          if (!options.background) throw new Error(`no connection within ${Math.round(startupTimeoutMs / 1000)} s (${message})`);
          if (!waitingLogged) logger.warn({ connection: name, err: message }, 'redis not reachable yet; still trying');
          waitingLogged = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (closed) throw new Error('closed during start-up');
      }
    }
  })();
  if (!options.background) {
    await connecting;
    return client;
  }
  connecting.catch(() => {});
  return client;
}
