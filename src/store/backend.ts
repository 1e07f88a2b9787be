import { createClient } from 'redis';
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
import { RedisAdminIdempotency } from './redis/redis-admin-idempotency.ts';
import { RedisLiveChat } from './redis/redis-livechat.ts';
import { RedisReplyQueue } from './redis/redis-reply-queue.ts';
import { RedisStore } from './redis/redis-store.ts';
import { RedisSubscriptionStore } from './redis/redis-subscriptions.ts';
import { RedisTokenDenyList } from './redis/redis-token-denylist.ts';
import type { RedisClient } from './redis/run-script.ts';
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
  prefix: string;
  activityLimit: number;
  eventRetention: number;
  logger: Logger;
  /** The service's clock: what the stores stamp on their own (the time a bot is signalled at). */
  clock: Clock;
}

/** Builds the store, queues and schedulers: on Redis when a URL is given, else in memory. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  if (!options.redisUrl) {
    const state = createMemoryState();
    const schedulers = memorySchedulers();
    return {
      kind: 'memory',
      store: new MemoryStore(state, { ...options, schedulers }),
      replies: new MemoryReplyQueue(state, schedulers),
      liveChat: new MemoryLiveChat(),
      subscriptions: new MemorySubscriptionStore(state, schedulers),
      tokenDenyList: new MemoryTokenDenyList(),
      adminIdempotency: new MemoryAdminIdempotency(options.clock),
      schedulers,
      close: async () => {},
    };
  }
  const client = await connectRedis(options.redisUrl, options.logger, 'main');
  // Pub/sub needs a connection of its own: the schedulers' wake-ups and live chat notices.
  const subscriber = await connectRedis(options.redisUrl, options.logger, 'subscriber');
  const schedulers = redisSchedulers(client, subscriber, redisKeys(options.prefix));
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
      await Promise.allSettled([client.close(), subscriber.close()]);
    },
  };
}

/** How long start-up waits for a first connection before giving up (the process then exits). */
export const REDIS_STARTUP_TIMEOUT_MS = 10_000;

/**
 * A client that fails commands at once while disconnected (so the API answers 503 instead of
 * hanging) and keeps reconnecting in the background. The first connection is the exception: a
 * Redis that cannot be reached within `startupTimeoutMs` rejects, so a misconfigured `REDIS_URL`
 * stops start-up with a clear message instead of leaving a process that never listens.
 */
export async function connectRedis(
  url: string,
  logger: Logger,
  name: string,
  options: { startupTimeoutMs?: number } = {},
): Promise<RedisClient> {
  const startupTimeoutMs = options.startupTimeoutMs ?? REDIS_STARTUP_TIMEOUT_MS;
  const started = Date.now();
  let everReady = false;
  let lastLogged = 0;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // No per-command timer: node-redis would create an AbortSignal.timeout for every command
    // (a quarter of the inbound route's throughput, and most of its heap growth). A Redis that
    // stops answering is caught per connection instead: a PING every second keeps a healthy
    // socket busy, and 5 s without any traffic closes it, failing what is in flight (503).
    commandOptions: { timeout: 0 },
    pingInterval: 1000,
    socket: {
      connectTimeout: 2000,
      socketTimeout: 5000,
      reconnectStrategy: (retries: number, cause: Error) => {
        if (!everReady && Date.now() - started >= startupTimeoutMs) {
          return new Error(`no connection within ${Math.round(startupTimeoutMs / 1000)} s (${cause.message})`);
        }
        return Math.min(50 * 2 ** Math.min(retries, 5), 1000);
      },
    },
  });
  client.on('error', (err: Error) => {
    // A down Redis reports on every reconnect attempt; one line a few seconds is enough.
    const now = Date.now();
    if (now - lastLogged > 5000) {
      lastLogged = now;
      logger.error({ connection: name, err: err.message }, 'redis connection error');
    }
  });
  client.on('ready', () => {
    everReady = true;
    logger.debug({ connection: name }, 'redis ready');
  });
  await client.connect();
  return client;
}
