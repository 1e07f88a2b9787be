import type { Config } from './config.ts';
import type { OpenStreams } from './http/open-streams.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { Metrics } from './lib/metrics.ts';
import type { Secrets } from './lib/secrets.ts';
import type { AdminTokens, LiveChatTokens, WebhookTokens } from './lib/tokens.ts';
import type { HttpClient } from './net/http-client.ts';
import type { AdminIdempotencyStore } from './store/admin-idempotency.ts';
import type { LiveChatStore } from './store/livechat.ts';
import type { ReplyQueue, Store } from './store/store.ts';
import type { SubscriptionStore } from './store/subscriptions.ts';
import type { Tracing } from './telemetry/tracing.ts';

/** Everything the API and the workers are built from, assembled once in main.ts (or a test). */
export interface Services {
  config: Config;
  store: Store;
  replies: ReplyQueue;
  liveChat: LiveChatStore;
  subscriptions: SubscriptionStore;
  /** The admin API's Idempotency-Key records (src/http/admin-idempotency.ts). */
  adminIdempotency: AdminIdempotencyStore;
  storeKind: 'redis' | 'memory';
  clock: Clock;
  logger: Logger;
  /** Seals and opens secrets at rest (credentials, signing secrets); the key never leaves it. */
  secrets: Secrets;
  adminTokens: AdminTokens;
  webhookTokens: WebhookTokens;
  liveChatTokens: LiveChatTokens;
  metrics: Metrics;
  /** The one outbound HTTP client (SSRF-guarded unless private networks are allowed). */
  http: HttpClient;
  /** Event streams being served, ended first on shutdown. */
  streams: OpenStreams;
  /** OpenTelemetry spans and W3C trace context (a no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing: Tracing;
  /**
   * Aborted when the process starts to drain (SIGTERM): long-lived responses (Server-Sent Events
   * streams) end on it, so the drain never waits for a client to hang up.
   */
  stopping: AbortSignal;
}
