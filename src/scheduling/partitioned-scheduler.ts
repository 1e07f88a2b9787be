import type { BotClaim, BotDue, BotScheduler, SchedulerDepth } from './bot-scheduler.ts';
import { partitionOf } from './partitions.ts';
import { Waiters } from './waiters.ts';

/** A bot claimed from a partition that is not its own, with that partition. */
export interface StrayClaim extends BotClaim {
  from: number;
}

/** A claim asked of one partition. */
export interface PartitionRequest {
  partition: number;
  limit: number;
}

/** What a partition gave a claim. */
export interface PartitionClaimed {
  claims: BotClaim[];
  /**
   * The partition's earliest time left after the claim: up to now when it has more due work, else
   * when it next may (a due time or a lease); null when it is empty.
   */
  next: number | null;
}

export interface PartitionedSchedulerOptions {
  partitions: number;
  /**
   * While wake-ups from other processes arrive, how long a partition found empty is skipped at
   * most (a wake-up for it, or its next due time, ends the skip sooner): the bound on a lost
   * wake-up's delay. Without wake-ups, POLLING_RECHECK_MS.
   */
  recheckMs?: number;
}

/** Round trips a claim makes at most: the first, and two more for partitions seen with more due work. */
const MAX_ROUNDS = 3;
/**
 * The smallest share of a claim a partition is asked for (unless the claim is smaller): a claim of
 * 16 asks 4 partitions, not 16 for one bot each, so a claim costs few scripts when many are busy.
 */
const MIN_SHARE = 4;
export const DEFAULT_RECHECK_MS = 1000;
/** The claim loops' poll period: without wake-ups a partition found empty is looked at again this often. */
export const POLLING_RECHECK_MS = 250;

/**
 * A bot scheduler split into partitions (a bot's partition from its id: partitionOf), each a
 * schedule of its own, written once for both backends: the backend (a subclass) runs the
 * operations on one partition; this class routes each bot to its partition and spreads claims
 * over them fairly.
 *
 * A claim asks partitions that may have due work, all at once (one round trip on Redis): the
 * next ones in turn from where the last claim stopped (rotating), each for a share of the limit
 * (at least MIN_SHARE), and the other candidates not known to have due work only for when they are
 * next due; partitions seen with more due work share what is left in a second (and third) round.
 * A partition found without due work is skipped until its next due time, a signal or wake-up for
 * it, or `recheckMs` (a lost wake-up) — so one busy bot costs one command per claim, not one per
 * partition, and no partition waits for the others to run dry.
 */
export abstract class PartitionedBotScheduler implements BotScheduler {
  readonly partitions: number;
  protected readonly waiters = new Waiters();
  private readonly recheckMs: number;
  /** Per partition: the earliest time this process knows it may have due work. */
  private readonly hints: Float64Array;
  /** Per partition: bumped by every signal, wake-up or release, so a claim in flight does not undo it. */
  private readonly changes: Uint32Array;
  /** Per partition: 1 when the last claim or look saw due work left in it. */
  private readonly knownDue: Uint8Array;
  private cursor: number;

  protected constructor(options: PartitionedSchedulerOptions) {
    this.partitions = options.partitions;
    this.recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
    this.hints = new Float64Array(this.partitions);
    this.changes = new Uint32Array(this.partitions);
    this.knownDue = new Uint8Array(this.partitions);
    // Processes start at different partitions, so their first claims do not all meet on one.
    this.cursor = Math.floor(Math.random() * this.partitions);
  }

  /** Claims from several partitions at once (one round trip), each up to its request's limit. */
  protected abstract claimIn(requests: readonly PartitionRequest[], now: number, leaseMs: number): Promise<PartitionClaimed[]>;
  protected abstract releaseIn(partition: number, botId: string, lease: number, nextDue: number | null): Promise<void>;
  protected abstract rescheduleIn(groups: ReadonlyMap<number, BotDue[]>): Promise<void>;
  protected abstract removeIn(partition: number, botId: string): Promise<void>;
  /**
   * Moves bots claimed from a partition that is not theirs (left by another partition count) to
   * their own, due at `now` (moving earlier only), and off the partition they were claimed from.
   */
  protected abstract rehome(strays: readonly StrayClaim[], now: number): Promise<void>;
  abstract depth(now: number): Promise<SchedulerDepth>;
  abstract adopt(): Promise<number>;
  /** True while other processes' wake-ups reach this one (a known-empty partition is then rechecked less often). */
  protected abstract wakeUpsArrive(): boolean;
  /** Starts listening for other processes' wake-ups, if the backend has any (called by every wait). */
  protected listen(): void {}

  partitionOf(botId: string): number {
    return partitionOf(botId, this.partitions);
  }

  async claim(now: number, limit: number, leaseMs: number): Promise<BotClaim[]> {
    const out: BotClaim[] = [];
    if (limit <= 0) return out;
    const candidates = this.candidates(now);
    if (candidates.length === 0) return out;
    // First round: shares of the limit for the next partitions in turn, and a look (a request for
    // none) at the candidates not known to have due work, so that work anywhere is found now.
    const picked = candidates.slice(0, spread(limit));
    this.cursor = (picked.at(-1)! + 1) % this.partitions;
    const served = new Set(picked);
    let requests = shares(picked, limit);
    for (const partition of candidates) if (!served.has(partition) && !this.knownDue[partition]) requests.push({ partition, limit: 0 });
    for (let round = 1; ; round++) {
      const drawnOn = await this.ask(requests, now, leaseMs, out);
      const left = limit - out.length;
      if (left <= 0 || round >= MAX_ROUNDS) return out;
      // What is left goes to partitions with due work not served yet (in turn), then to those
      // served that still have more.
      const pool = [...candidates.filter((p) => !served.has(p) && this.knownDue[p]), ...drawnOn];
      if (pool.length === 0) return out;
      requests = shares(pool.slice(0, spread(left)), left);
      for (const { partition } of requests) served.add(partition);
    }
  }

  /**
   * The partitions that may have due work now, in turn from the cursor. A time further ahead than
   * a skip can last means the clock went back: the partition is asked again.
   */
  private candidates(now: number): number[] {
    const out: number[] = [];
    const furthest = now + Math.max(this.recheckMs, POLLING_RECHECK_MS);
    for (let i = 0; i < this.partitions; i++) {
      const partition = (this.cursor + i) % this.partitions;
      const hint = this.hints[partition]!;
      if (hint <= now || hint > furthest) out.push(partition);
    }
    return out;
  }

  /**
   * One round of a claim (one round trip): adds the bots claimed to `out`, and notes for each
   * partition asked whether it has more due work, or when it may next have. Returns the partitions
   * claimed from that still have due work.
   */
  private async ask(requests: readonly PartitionRequest[], now: number, leaseMs: number, out: BotClaim[]): Promise<number[]> {
    const seen = requests.map((r) => this.changes[r.partition]!);
    const results = await this.claimIn(requests, now, leaseMs);
    const skipUntil = now + (this.wakeUpsArrive() ? this.recheckMs : POLLING_RECHECK_MS);
    const drawnOn: number[] = [];
    const strays: StrayClaim[] = [];
    requests.forEach(({ partition, limit }, i) => {
      const { claims, next } = results[i]!;
      for (const claim of claims) {
        // Left here by another partition count (a resize): its own partition takes it, due now.
        if (this.partitionOf(claim.botId) === partition) out.push(claim);
        else strays.push({ ...claim, from: partition });
      }
      const more = next !== null && next <= now;
      if (more && limit > 0) drawnOn.push(partition);
      this.knownDue[partition] = more ? 1 : 0;
      const hint = more ? now : Math.min(next ?? Number.POSITIVE_INFINITY, skipUntil);
      // A signal or a release meanwhile may have made it due earlier than this claim saw.
      this.hints[partition] = this.changes[partition] === seen[i] ? hint : Math.min(hint, this.hints[partition]!);
    });
    if (strays.length > 0) {
      await this.rehome(strays, now);
      for (const { botId } of strays) this.noteDue(this.partitionOf(botId), now);
    }
    return drawnOn;
  }

  async release(botId: string, lease: number, nextDue: number | null): Promise<void> {
    const partition = this.partitionOf(botId);
    await this.releaseIn(partition, botId, lease, nextDue);
    if (nextDue !== null) this.noteDue(partition, nextDue);
  }

  async reschedule(bots: BotDue[]): Promise<void> {
    const groups = new Map<number, BotDue[]>();
    for (const bot of bots) {
      const partition = this.partitionOf(bot.botId);
      const group = groups.get(partition);
      if (group) group.push(bot);
      else groups.set(partition, [bot]);
    }
    if (groups.size === 0) return;
    await this.rescheduleIn(groups);
    for (const [partition, group] of groups) for (const { at } of group) this.noteDue(partition, at);
  }

  remove(botId: string): Promise<void> {
    return this.removeIn(this.partitionOf(botId), botId);
  }

  waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.listen();
    return this.waiters.wait(timeoutMs, signal);
  }

  /** The partition may have work due at `at`: the next claim from then on asks it. */
  protected noteDue(partition: number, at: number): void {
    this.changes[partition] = this.changes[partition]! + 1;
    if (at < this.hints[partition]!) this.hints[partition] = at;
  }

  /** A signal for the partition (from this process, or another's wake-up): wakes the waiting workers. */
  protected woken(partition: number, at = Number.NEGATIVE_INFINITY): void {
    this.noteDue(partition, at);
    this.waiters.wakeAll();
  }
}

/** How many partitions share a claim of `limit`. */
function spread(limit: number): number {
  return Math.ceil(limit / MIN_SHARE);
}

/** `total` split over the partitions as evenly as it goes, the first ones taking the remainder. */
function shares(partitions: readonly number[], total: number): PartitionRequest[] {
  const base = Math.floor(total / partitions.length);
  const extra = total % partitions.length;
  return partitions.map((partition, i) => ({ partition, limit: base + (i < extra ? 1 : 0) }));
}
