import { createAdapterRegistry } from './channels/registry.ts';
import { EventWorker, type EventWorkerOptions } from './events/worker.ts';
import { DEFAULT_REPLY_WORKER_OPTIONS, ReplyWorker, type ReplyWorkerOptions } from './replies/worker.ts';
import { sleep } from './scheduling/claim-loop.ts';
import type { Services } from './services.ts';
import { DeletionSweeper } from './store/deletion-sweeper.ts';

export interface Workers {
  replies: ReplyWorker;
  events: EventWorker;
  start(): void;
  /** Stops claiming work and waits for what is in flight. */
  stop(): Promise<void>;
}

/** The background workers of one process, built from its services and configuration. */
export function createWorkers(
  services: Services,
  overrides: { replies?: Partial<ReplyWorkerOptions>; events?: Partial<EventWorkerOptions> } = {},
): Workers {
  const { config } = services;
  // A provider call must end well inside the lease, or another worker takes the lane over and
  // sends the same reply while this one is still waiting for an answer.
  const sendTimeoutMs = Math.min(DEFAULT_REPLY_WORKER_OPTIONS.sendTimeoutMs, Math.floor(config.replyLeaseMs / 2));
  const replies = new ReplyWorker(
    {
      store: services.store,
      replies: services.replies,
      adapters: createAdapterRegistry(services),
      clock: services.clock,
      logger: services.logger,
      metrics: services.metrics,
      secrets: services.secrets,
      tracing: services.tracing,
    },
    { retry: config.replyRetry, leaseMs: config.replyLeaseMs, sendTimeoutMs, ...overrides.replies },
  );
  services.metrics.watchReplyQueue(() => services.replies.depth(services.clock.now()));
  services.metrics.watchEventQueue(() => services.subscriptions.depth(services.clock.now()));
  const events = new EventWorker(
    {
      subscriptions: services.subscriptions,
      store: services.store,
      http: services.http,
      clock: services.clock,
      logger: services.logger,
      metrics: services.metrics,
      secrets: services.secrets,
      tracing: services.tracing,
    },
    {
      circuitBreakerFailures: config.circuitBreakerFailures,
      circuitBreakerMs: config.circuitBreakerMs,
      leaseMs: config.deliveryLeaseMs,
      ...overrides.events,
    },
  );
  const sweeper = new DeletionSweeper(services.store, services.logger, services.subscriptions);
  const stopping = new AbortController();
  let started: Promise<void> | null = null;
  return {
    replies,
    events,
    start() {
      // The loops start once the store first answers: the service connects to Redis in the
      // background, and a connection still opening at start-up is not a store error to log.
      started ??= firstAnswer(services.store, stopping.signal).then(() => {
        if (stopping.signal.aborted) return;
        replies.start();
        events.start();
        sweeper.start();
      });
    },
    async stop() {
      stopping.abort();
      await started;
      await Promise.all([replies.stop(), events.stop(), sweeper.stop()]);
    },
  };
}

/** How often start-up asks a store that has not answered yet (its client reconnects meanwhile). */
const FIRST_ANSWER_POLL_MS = 100;

/** Resolves once the store answers a ping, or when `signal` aborts. */
async function firstAnswer(store: Services['store'], signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await store.ping();
      return;
    } catch {
      await sleep(FIRST_ANSWER_POLL_MS, signal);
    }
  }
}
