import type { Logger } from '../lib/logger.ts';
import type { Store } from './store.ts';
import type { SubscriptionStore } from './subscriptions.ts';

const SWEEP_EVERY_MS = 60_000;

/**
 * Finishes the removal of deleted bots, and of deleted subscriptions' deliveries, in the
 * background: at start (a process that crashed mid-sweep left some) and every minute. Each delete
 * sweeps at once; this is the resumption.
 */
export class DeletionSweeper {
  private readonly store: Store;
  private readonly subscriptions: SubscriptionStore | null;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(store: Store, logger: Logger, subscriptions: SubscriptionStore | null = null) {
    this.store = store;
    this.logger = logger;
    this.subscriptions = subscriptions;
  }

  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.store
      .sweepDeletedBots()
      .then(() => this.subscriptions?.finishDeletions())
      .then(
        () => {},
        (err: unknown) =>
          this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'deleted bots: sweep failed; retried'),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
