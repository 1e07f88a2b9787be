/**
 * Bot scheduling: which bots have work due, shared by the reply worker (lanes) and the event worker
 * (dispatch and deliveries). The per-bot work stays in its queue; a scheduler only says which bots
 * to look at, and when.
 */

/** A bot claimed for a pass. `lease` is its time on the schedule while the pass runs: the lease's expiry. */
export interface BotClaim {
  botId: string;
  lease: number;
}

/** A bot and when its work is due. */
export interface BotDue {
  botId: string;
  at: number;
}

/** How much a scheduler holds, counted in bots (cheap to read: the metrics poll it). */
export interface SchedulerDepth {
  /** Bots with work: due, being worked on, or waiting for a retry. */
  scheduledBots: number;
  /** Bots whose work is due now and that no worker holds: the backlog workers have not reached. */
  dueBots: number;
}

/**
 * Bots by the time their work is next due. A worker claims due bots, leasing each (a crashed
 * worker's bots come due again when the lease runs out), and releases each with its next due time
 * when its pass ends. Signals only ever move a bot earlier. A lease is fractional, so it never
 * equals a signal's whole-millisecond time: a release can tell whether anyone signalled meanwhile.
 */
export interface BotScheduler {
  /** Claims up to `limit` due bots, leasing each for `leaseMs`. */
  claim(now: number, limit: number, leaseMs: number): Promise<BotClaim[]>;
  /**
   * Ends a pass. If the bot's time is still `lease`, nobody signalled meanwhile: it becomes
   * `nextDue` (null: the bot leaves the schedule). If it changed (a signal, or another pass over
   * the same bot that ended first), it only ever moves earlier, to `nextDue`.
   */
  release(botId: string, lease: number, nextDue: number | null): Promise<void>;
  /** Moves bots earlier (never later) to the given times, without waking anyone (reconcile). */
  reschedule(bots: BotDue[]): Promise<void>;
  /** Takes a deleted bot off the schedule. */
  remove(botId: string): Promise<void>;
  /**
   * Moves the bots left on the schedule of another layout (partitions beyond the current count,
   * the single schedule from before partitions) into their partitions, keeping their times; returns
   * how many moved. Reconcile runs it, so a resize loses nothing.
   */
  adopt(): Promise<number>;
  depth(now: number): Promise<SchedulerDepth>;
  /** Resolves when work may be due: a signal (from any process), the timeout, or the abort signal. */
  waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void>;
}

/** Which schedulers a write signals. */
export interface SignalTargets {
  replies?: boolean;
  events?: boolean;
}

/** A process's two schedulers, and the signal that store writes send them. */
export interface Schedulers {
  /** Bots with reply lanes queued. */
  replies: BotScheduler;
  /** Bots with events to dispatch or deliveries due. */
  events: BotScheduler;
  /**
   * Moves a bot earlier (never later) to `at` on the reply and/or the event scheduler and wakes
   * their workers: this process's at once, every other one's when the bot's time moved. One call
   * whatever it signals (on Redis a bot's partition of both schedules shares a slot, so it is one
   * script).
   */
  signal(botId: string, at: number, targets: SignalTargets): Promise<void>;
}

/**
 * Work spread over bots and found through a BotScheduler: the reply queue, the event deliveries.
 * What the claim loop drives and the metrics read.
 */
export interface ScheduledWork {
  /** Claims bots with due work, leasing each for `leaseMs`. */
  claimBots(now: number, limit: number, leaseMs: number): Promise<BotClaim[]>;
  /**
   * Ends a pass over a bot: schedules its next due work, unless new work arrived meanwhile (then
   * its time only moves earlier, never later). Passes over one bot may overlap.
   */
  releaseBot(botId: string, lease: number, now: number): Promise<void>;
  /** Puts every bot that has work back on the scheduler, repairing a lost signal; returns how many. */
  reconcile(now: number): Promise<number>;
  depth(now: number): Promise<SchedulerDepth>;
  waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void>;
}
