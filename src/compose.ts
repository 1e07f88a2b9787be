import type { Config } from './config.ts';
import { OpenStreams } from './http/open-streams.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { deriveKeys } from './lib/crypto.ts';
import type { Logger } from './lib/logger.ts';
import { createMetrics } from './lib/metrics.ts';
import { RevocationCache } from './lib/revocations.ts';
import { createSecrets } from './lib/secrets.ts';
import { AdminTokens, LiveChatTokens, REVOCATION_CACHE_MS, WebhookTokens } from './lib/tokens.ts';
import { HttpClient } from './net/http-client.ts';
import type { Services } from './services.ts';
import { createBackend } from './store/backend.ts';
import { noTracing, type Tracing } from './telemetry/tracing.ts';

export interface Composed {
  services: Services;
  /** Starts the drain: aborts `services.stopping`, which ends open event streams. */
  beginDrain(): void;
  close(): Promise<void>;
}

/** The composition root's wiring: config → store and queue → keys, tokens, metrics. */
export async function composeServices(
  config: Config,
  logger: Logger,
  options: { clock?: Clock; defaultMetrics?: boolean; connectInBackground?: boolean; tracing?: Tracing } = {},
): Promise<Composed> {
  const clock = options.clock ?? systemClock;
  const backend = await createBackend({
    redisUrl: config.redisUrl,
    redisCluster: config.redisCluster,
    prefix: config.redisPrefix,
    activityLimit: config.activityLimit,
    eventRetention: config.eventRetention,
    pausedDeliveriesLimit: config.pausedDeliveriesLimit,
    schedulerPartitions: config.schedulerPartitions,
    logger,
    clock,
    connectInBackground: options.connectInBackground ?? false,
  });
  const keys = deriveKeys(config.secret);
  // During a secret rotation: what was signed or sealed under the previous secret stays valid.
  const previous = config.secretPrevious ? deriveKeys(config.secretPrevious) : null;
  const tracing = options.tracing ?? noTracing;
  const stopping = new AbortController();
  const services: Services = {
    config,
    store: backend.store,
    replies: backend.replies,
    liveChat: backend.liveChat,
    subscriptions: backend.subscriptions,
    adminIdempotency: backend.adminIdempotency,
    storeKind: backend.kind,
    clock,
    logger,
    secrets: createSecrets(keys.credentials, previous ? [previous.credentials] : []),
    adminTokens: new AdminTokens(keys.admin, {
      jwksUrl: config.adminJwksUrl,
      issuer: config.adminJwtIssuer,
      audience: config.adminJwtAudience,
      maxLifetimeSeconds: config.adminTokenMaxSeconds,
      previousSecret: previous?.admin ?? null,
      // Real time, as the tokens' exp is checked against: a test's manual clock must not freeze the cache.
      revocations: new RevocationCache(backend.tokenDenyList, systemClock, REVOCATION_CACHE_MS),
    }),
    webhookTokens: new WebhookTokens(keys.webhookToken, previous?.webhookToken ?? null),
    liveChatTokens: new LiveChatTokens(keys.liveChat, previous?.liveChat ?? null),
    metrics: createMetrics({ defaultMetrics: options.defaultMetrics ?? false }),
    http: new HttpClient({ allowPrivateNetwork: config.allowPrivateNetwork, tracing }),
    streams: new OpenStreams(),
    tracing,
    stopping: stopping.signal,
  };
  return {
    services,
    beginDrain: () => {
      stopping.abort();
      services.streams.closeAll();
    },
    close: async () => {
      services.streams.closeAll();
      services.http.close();
      await backend.close();
    },
  };
}
