import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { StoreUnavailableError } from '../store/errors.ts';
import type { ScheduledWork } from './bot-scheduler.ts';

export interface ClaimLoopOptions {
  /** How long a claimed bot is ours; another worker takes it over after that (crash recovery). */
  leaseMs: number;
  /** Longest idle wait between claims (work coming due later, such as retries, is found by polling). */
  pollMs: number;
  botsPerClaim: number;
  /**
   * Passes over bots running at once. A pass waits for its slowest piece of work, so passes are not
   * awaited together: work that arrives while one is slow starts a pass of its own.
   */
  maxConcurrentPasses: number;
  /** How often every bot with work is put back on the scheduler (lost-signal repair); also at start. */
  reconcileEveryMs: number;
}

export interface ClaimLoopDeps {
  clock: Clock;
  logger: Logger;
  /** Names the loop in its log lines (`reply worker`). */
  name: string;
}

/** One pass over a claimed bot. `leaseEnds`: when the bot's lease runs out, on the loop's clock. */
export type BotPass = (botId: string, leaseEnds: number) => Promise<void>;

const ERROR_PAUSE_MS = 1000;
/** A failed reconcile is tried again after this (claims go on meanwhile). */
const RECONCILE_RETRY_MS = 2000;

/**
 * The loop both workers run: claim due bots, run a pass over each side by side (up to
 * `maxConcurrentPasses`), release each bot when its pass ends, and wait for a signal when nothing
 * is due. A store error pauses the loop for a second (cut short by stop()); a release that meets
 * a short outage is retried while the lease lasts, so the bot is not parked until it runs out.
 */
export class ClaimLoop {
  private readonly work: ScheduledWork;
  private readonly pass: BotPass;
  private readonly deps: ClaimLoopDeps;
  private readonly options: ClaimLoopOptions;
  private readonly stopper = new AbortController();
  private readonly passes = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;

  constructor(work: ScheduledWork, pass: BotPass, deps: ClaimLoopDeps, options: ClaimLoopOptions) {
    this.work = work;
    this.pass = pass;
    this.deps = deps;
    this.options = options;
  }

  /** Aborted once stop() is called: passes check it between rounds and take no new work. */
  get stopping(): AbortSignal {
    return this.stopper.signal;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops claiming bots and resolves once the passes under way have finished (and released their bots). */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  /**
   * Runs a store write, retrying while the store is unreachable, for as long as the lease on the
   * work lasts (after that another worker may own it) and the loop is not stopping. For the
   * writes that record an attempt already made: dropping one would make the work run again.
   */
  async throughOutage<T>(write: () => Promise<T>, leaseEnds: number): Promise<T> {
    // One reading of the clock, then real time: a test's frozen clock must not retry forever.
    const giveUpAt = performance.now() + Math.max(0, leaseEnds - this.deps.clock.now());
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        return await write();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || this.stopping.aborted || performance.now() + delay >= giveUpAt) throw err;
        await sleep(delay, this.stopping);
      }
    }
  }

  private async run(): Promise<void> {
    const { clock, logger, name } = this.deps;
    const { leaseMs, pollMs, botsPerClaim, maxConcurrentPasses, reconcileEveryMs } = this.options;
    // When the next reconcile is due: a failed one is tried again soon, not a period later (the
    // start-up one also moves the bots a resize left behind: src/scheduling/partitions.ts).
    let reconcileAt = clock.now() + RECONCILE_RETRY_MS;
    try {
      const rescheduled = await this.work.reconcile(clock.now());
      reconcileAt = clock.now() + reconcileEveryMs;
      if (rescheduled) logger.info({ bots: rescheduled }, `${name}: rescheduled bots with work`);
    } catch (err) {
      logger.warn({ err: errMessage(err) }, `${name}: start-up reconcile failed; new work still schedules itself, retrying shortly`);
    }
    const stopped = new Promise<void>((resolve) => this.stopping.addEventListener('abort', () => resolve(), { once: true }));
    while (!this.stopping.aborted) {
      try {
        // A signal lost between a write and the scheduler (a connection cut, a script reloaded
        // after a Redis restart) is repaired here, not only at start-up.
        if (clock.now() >= reconcileAt) {
          reconcileAt = clock.now() + RECONCILE_RETRY_MS;
          await this.work.reconcile(clock.now());
          reconcileAt = clock.now() + reconcileEveryMs;
        }
        const room = maxConcurrentPasses - this.passes.size;
        if (room <= 0) {
          await Promise.race([...this.passes, stopped]);
          continue;
        }
        const claimedAt = clock.now();
        const bots = await this.work.claimBots(claimedAt, Math.min(room, botsPerClaim), leaseMs);
        if (bots.length === 0) {
          await this.work.waitForWork(pollMs, this.stopping);
          continue;
        }
        for (const bot of bots) this.track(this.passOver(bot.botId, bot.lease, claimedAt + leaseMs));
      } catch (err) {
        logger.error({ err: errMessage(err) }, `${name}: store error; retrying shortly`);
        await sleep(ERROR_PAUSE_MS, this.stopping);
      }
    }
    // Draining: the passes under way finish the work they started and record it.
    await Promise.all([...this.passes]);
  }

  /** The bot is released even after a failed pass, so a short outage does not park it for a lease. */
  private async passOver(botId: string, lease: number, leaseEnds: number): Promise<void> {
    try {
      await this.pass(botId, leaseEnds);
    } finally {
      await this.throughOutage(() => this.work.releaseBot(botId, lease, this.deps.clock.now()), leaseEnds);
    }
  }

  /** Runs a pass in the background; its failure is logged (the bot's lease then runs out). */
  private track(pass: Promise<void>): void {
    const { logger, name } = this.deps;
    const tracked: Promise<void> = pass
      .catch((err: unknown) =>
        logger.error({ err: errMessage(err) }, `${name}: pass over a bot failed; its work is retried after its lease`),
      )
      .finally(() => this.passes.delete(tracked));
    this.passes.add(tracked);
  }
}

export function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
