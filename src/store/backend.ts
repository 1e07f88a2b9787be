import { createClient } from 'redis';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { createMemoryState } from './memory/memory-state.ts';
import { MemoryStore } from './memory/memory-store.ts';
import { MemoryReplyQueue } from './memory/memory-reply-queue.ts';
import { RedisReplyQueue } from './redis/redis-reply-queue.ts';
import { RedisLiveChat } from './redis/redis-livechat.ts';
import { MemoryLiveChat } from './memory/memory-livechat.ts';
import type { LiveChatStore } from './livechat.ts';
import { MemorySubscriptionStore } from './memory/memory-subscriptions.ts';
import type { SubscriptionStore } from './subscriptions.ts';
import { RedisSubscriptionStore } from './redis/redis-subscriptions.ts';
import { RedisStore } from './redis/redis-store.ts';
import { RedisSignals } from './redis/signals.ts';
import type { RedisClient } from './redis/run-script.ts';
import type { ReplyQueue, Store } from './store.ts';

export interface Backend {
  kind: 'redis' | 'memory';
  store: Store;
  replies: ReplyQueue;
  liveChat: LiveChatStore;
  subscriptions: SubscriptionStore;
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

/** Builds the store and queue: on Redis when a URL is given, else in memory. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  if (!options.redisUrl) {
    const state = createMemoryState();
    return {
      kind: 'memory',
      store: new MemoryStore(state, options),
      replies: new MemoryReplyQueue(state),
      liveChat: new MemoryLiveChat(),
      subscriptions: new MemorySubscriptionStore(state),
      close: async () => {},
    };
  }
  const client = await connectRedis(options.redisUrl, options.logger, 'main');
  const subscriber = await connectRedis(options.redisUrl, options.logger, 'subscriber');
  const signal: RedisSignals['signal'] = (botId, at, what) => signals.signal(botId, at, what);
  const subscriptions = new RedisSubscriptionStore(client, subscriber, options);
  const replies = new RedisReplyQueue(client, subscriber, { ...options, signal });
  const signals = new RedisSignals(client, options.prefix, { replies: replies.wakeLocal, events: subscriptions.wakeLocal });
  const store = new RedisStore(client, { ...options, signal });
  return {
    kind: 'redis',
    store,
    replies,
    liveChat: new RedisLiveChat(client, subscriber, options.prefix),
    subscriptions,
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
