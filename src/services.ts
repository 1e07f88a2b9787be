import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';
import type { Keys } from './lib/crypto.ts';
import type { Logger } from './lib/logger.ts';
import type { AdminTokens, WebhookTokens } from './lib/tokens.ts';
import type { Metrics } from './lib/metrics.ts';
import type { ReplyQueue, Store } from './store/store.ts';

/** Everything the API and the workers are built from, assembled once in main.ts (or a test). */
export interface Services {
  config: Config;
  store: Store;
  replies: ReplyQueue;
  storeKind: 'redis' | 'memory';
  clock: Clock;
  logger: Logger;
  keys: Keys;
  adminTokens: AdminTokens;
  webhookTokens: WebhookTokens;
  metrics: Metrics;
}
