import type { AdapterRegistry, SendResult } from '../channels/adapter.ts';
import type { BotEvent, JsonObject, Reply } from '../domain/types.ts';
import { isoTime, type Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { Metrics } from '../lib/metrics.ts';
import type { Secrets } from '../lib/secrets.ts';
import { StoreUnavailableError } from '../store/errors.ts';
import type { ReplyLease, ReplyQueue, SettleRequest, Store } from '../store/store.ts';
import { DEFAULT_REPLY_RETRY, nextDelayMs, shouldRetry, type RetryPolicy } from './retry-policy.ts';

export interface ReplyWorkerDeps {
  store: Store;
  replies: ReplyQueue;
  adapters: AdapterRegistry;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  secrets: Secrets;
}

export interface ReplyWorkerOptions {
  /** How long a claimed lane is ours; another worker takes it over after that (crash recovery). */
  leaseMs: number;
  /** Provider request timeout; must stay well below the lease. */
  sendTimeoutMs: number;
  /** Longest idle wait between scheduler polls (retries coming due are found by polling). */
  pollMs: number;
  botsPerClaim: number;
  lanesPerClaim: number;
  /**
   * Passes over bots running at once. A pass waits for its slowest lane, so passes are not awaited
   * together: work that arrives while a provider is slow starts a pass of its own.
   */
  maxConcurrentPasses: number;
  retry: RetryPolicy;
}

/** How often a worker re-schedules every bot with queued replies (lost-signal repair). */
const RECONCILE_EVERY_MS = 60_000;

export const DEFAULT_REPLY_WORKER_OPTIONS: ReplyWorkerOptions = {
  leaseMs: 60_000,
  sendTimeoutMs: 15_000,
  pollMs: 250,
  botsPerClaim: 16,
  lanesPerClaim: 32,
  maxConcurrentPasses: 64,
  retry: DEFAULT_REPLY_RETRY,
};

/**
 * Delivers queued replies: claims bots with due lanes, sends each lane's head through its
 * channel's adapter, and settles the outcome (sent, retry later, failed) atomically with its event.
 *
 * Order holds per lane because a lane is leased to one attempt at a time and its head is only
 * popped by the settlement. Everything else runs side by side: the lanes of a bot within a pass,
 * and passes (over different bots, or over the same bot when new work arrives mid-pass).
 */
export class ReplyWorker {
  private readonly deps: ReplyWorkerDeps;
  private readonly options: ReplyWorkerOptions;
  private readonly stopping = new AbortController();
  private readonly passes = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;

  constructor(deps: ReplyWorkerDeps, options: Partial<ReplyWorkerOptions> = {}) {
    this.deps = deps;
    this.options = { ...DEFAULT_REPLY_WORKER_OPTIONS, ...options };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops claiming new work and resolves once in-flight deliveries are settled. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { replies, clock, logger } = this.deps;
    try {
      const rescheduled = await replies.reconcile(clock.now());
      if (rescheduled) logger.info({ bots: rescheduled }, 'reply queue: rescheduled bots with queued replies');
    } catch (err) {
      logger.warn({ err: errMessage(err) }, 'reply queue: start-up reconcile failed; new calls still schedule themselves');
    }
    const stopped = new Promise<void>((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(), { once: true }));
    let reconciledAt = clock.now();
    while (!this.stopping.signal.aborted) {
      try {
        // A signal lost between a write and the scheduler (a connection cut, a script reloaded
        // after a Redis restart) is repaired here, not only at start-up.
        if (clock.now() - reconciledAt >= RECONCILE_EVERY_MS) {
          reconciledAt = clock.now();
          await replies.reconcile(reconciledAt);
        }
        const room = this.options.maxConcurrentPasses - this.passes.size;
        if (room <= 0) {
          await Promise.race([...this.passes, stopped]);
          continue;
        }
        const claimedAt = clock.now();
        const bots = await replies.claimBots(claimedAt, Math.min(room, this.options.botsPerClaim), this.options.leaseMs);
        if (bots.length === 0) {
          await replies.waitForWork(this.options.pollMs, this.stopping.signal);
          continue;
        }
        for (const bot of bots) this.track(this.pass(bot.botId, bot.lease, claimedAt + this.options.leaseMs));
      } catch (err) {
        logger.error({ err: errMessage(err) }, 'reply worker: store error; retrying shortly');
        await sleep(1000, this.stopping.signal);
      }
    }
    // Draining: the passes under way finish the attempts they started and record them.
    await Promise.all([...this.passes]);
  }

  /** Runs a pass in the background; its failure is logged (the bot's lease then runs out). */
  private track(pass: Promise<void>): void {
    const tracked: Promise<void> = pass
      .catch((err: unknown) => this.deps.logger.error({ err: errMessage(err) }, 'reply worker: pass over a bot failed; its lanes are retried after their lease'))
      .finally(() => this.passes.delete(tracked));
    this.passes.add(tracked);
  }

  /**
   * One pass over a bot: deliver due lane heads until none is due, then hand the bot back. The
   * bot is handed back even after a store error, so a short outage does not park it for a lease.
   */
  private async pass(botId: string, lease: number, leaseEnds: number): Promise<void> {
    const { replies, clock } = this.deps;
    try {
      for (let round = 0; round < 100 && !this.stopping.signal.aborted; round++) {
        const claimedAt = clock.now();
        const lanes = await replies.claimLanes(botId, claimedAt, this.options.lanesPerClaim, this.options.leaseMs);
        if (lanes.length === 0) break;
        await allDone(lanes.map((lane) => this.deliver(lane, claimedAt + this.options.leaseMs)));
      }
    } finally {
      await this.throughOutage(() => replies.releaseBot(botId, lease), leaseEnds);
    }
  }

  private async deliver(lease: ReplyLease, leaseEnds: number): Promise<void> {
    const { replies, clock, logger, metrics } = this.deps;
    const attempt = { ...lease.message, attempts: lease.message.attempts + 1 };
    metrics.replySendsInFlight.inc();
    let request: SettleRequest;
    let settled: boolean;
    let now: number;
    try {
      const result = await this.send(attempt);
      now = clock.now();
      request = this.outcome(attempt, result, now);
      // The attempt has happened: record it even if Redis blinked meanwhile. Dropping the outcome
      // would re-send a delivered message once the lease ran out.
      settled = await this.throughOutage(() => replies.settle(lease, request, clock.now()), leaseEnds);
    } finally {
      metrics.replySendsInFlight.dec();
    }
    if (!settled) {
      logger.warn({ messageId: attempt.id, botId: lease.botId }, 'reply: lease lost before settling; another worker owns the lane');
      return;
    }
    const status = request.message.status;
    metrics.repliesSettled.inc({ channel: attempt.channel, result: status === 'retrying' ? 'retried' : status });
    if (status === 'sent') metrics.replyLatency.observe({ channel: attempt.channel }, (now - Date.parse(attempt.createdAt)) / 1000);
    if (status !== 'sent') {
      logger.info({ messageId: attempt.id, botId: lease.botId, status, code: request.message.error?.code, attempts: attempt.attempts }, 'reply not sent');
    }
  }

  /**
   * Runs a store write, retrying while the store is unreachable, for as long as our lease lasts
   * (after that another worker may own the work) and the worker is not stopping.
   */
  private async throughOutage<T>(write: () => Promise<T>, leaseEnds: number): Promise<T> {
    // One reading of the clock, then real time: a test's frozen clock must not retry forever.
    const giveUpAt = performance.now() + Math.max(0, leaseEnds - this.deps.clock.now());
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        return await write();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || this.stopping.signal.aborted || performance.now() + delay >= giveUpAt) throw err;
        await sleep(delay, this.stopping.signal);
      }
    }
  }

  private async send(message: Reply): Promise<SendResult> {
    const { store, adapters } = this.deps;
    const account = await store.getChannel(message.botId, message.accountId);
    if (!account || !account.active) return { ok: false, retryable: false, code: 'account_unavailable', message: 'The channel account was removed or deactivated.' };
    const adapter = adapters.get(account.channel);
    if (!adapter) return { ok: false, retryable: false, code: 'channel_unsupported', message: `No ${account.channel} adapter in this build.` };
    // Not tied to `stopping`: a draining worker lets the attempts it started finish.
    const signal = AbortSignal.timeout(this.options.sendTimeoutMs);
    try {
      const credentials = account.credentialsEncrypted ? await this.deps.secrets.open<JsonObject>(account.credentialsEncrypted) : {};
      return await adapter.send({ account, credentials, message, signal });
    } catch (err) {
      // An adapter that throws is treated like a network failure: retryable, never dropped.
      return { ok: false, retryable: true, code: 'adapter_error', message: errMessage(err) };
    }
  }

  private outcome(message: Reply, result: SendResult, now: number): SettleRequest {
    const at = isoTime(now);
    const event = (type: string, data: JsonObject): BotEvent => ({ id: newId('evt'), botId: message.botId, type, environment: message.environment, createdAt: at, data });
    const base = { messageId: message.id, webhookId: message.webhookId, requestId: message.requestId, contact: message.contact, channel: message.channel, accountId: message.accountId };
    if (result.ok) {
      const sent: Reply = { ...message, status: 'sent', updatedAt: at, nextAttemptAt: null, providerMessageId: result.providerMessageId, error: null };
      return { message: sent, outcome: 'done', events: [event('message.sent', { ...base, providerMessageId: result.providerMessageId, attempts: message.attempts })] };
    }
    const error = { code: result.code, message: result.message.slice(0, 500) };
    if (result.retryable && shouldRetry(this.options.retry, message.attempts)) {
      const retryAt = now + nextDelayMs(this.options.retry, message.attempts, result.retryAfterMs ?? 0);
      const retrying: Reply = { ...message, status: 'retrying', updatedAt: at, nextAttemptAt: isoTime(retryAt), error };
      return { message: retrying, outcome: 'retry', retryAt, events: [] };
    }
    const failed: Reply = { ...message, status: 'failed', updatedAt: at, nextAttemptAt: null, error };
    return { message: failed, outcome: 'done', events: [event('message.failed', { ...base, error, attempts: message.attempts })] };
  }
}

/** Waits for every task (none is left running behind our back), then fails with the first error. */
async function allDone(tasks: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
