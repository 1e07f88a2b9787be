import type { BotClaim, BotDue, BotScheduler, SchedulerDepth } from './bot-scheduler.ts';
import { partitionOf } from './partitions.ts';
import { Waiters } from './waiters.ts';

/** A claim asked of one partition. */
export interface PartitionRequest {
  partition: number;
  limit: number;
}

/** What a partition gave a claim. */
export interface PartitionClaimed {
  claims: BotClaim[];
  /**
   * When the partition next has something due after the claim (its earliest time: a due time or a
   * lease), null when it is empty. Only needed when it gave fewer bots than asked.
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

/** Round trips a claim makes at most: the first, and two more for partitions that had more than their share. */
const MAX_ROUNDS = 3;
export const DEFAULT_RECHECK_MS = 1000;
/** The claim loops' poll period: without wake-ups a partition found empty is looked at again this often. */
export const POLLING_RECHECK_MS = 250;

/**
 * A bot scheduler split into partitions (a bot's partition from its id: partitionOf), each a
 * schedule of its own, written once for both backends: the backend (a subclass) runs the
 * operations on one partition; this class routes each bot to its partition and spreads claims
 * over them fairly.
 *
 * A claim asks the partitions that may have due work, all at once (one round trip on Redis): the
 * next ones in turn from where the last claim stopped (rotating) each for a share of the limit,
 * the others only for when they are next due; partitions seen with more due work share what is
 * left in a second (and third) round. A partition found without due work is skipped until its
 * next due time, a signal or wake-up for it, or `recheckMs` (a lost wake-up) — so one busy bot
 * costs one command per claim, not one per partition.
 */
export abstract class PartitionedBotScheduler implements BotScheduler {
  readonly partitions: number;
  protected readonly waiters = new Waiters();
  private readonly recheckMs: number;
  /** Per partition: the earliest time this process knows it may have due work. */
  private readonly hints: Float64Array;
  /** Per partition: bumped by every signal, wake-up or release, so a claim in flight does not undo it. */
  private readonly changes: Uint32Array;
  private cursor: number;

  protected constructor(options: PartitionedSchedulerOptions) {
    this.partitions = options.partitions;
    this.recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
    this.hints = new Float64Array(this.partitions);
    this.changes = new Uint32Array(this.partitions);
    // Processes start at different partitions, so their first claims do not all meet on one.
    this.cursor = Math.floor(Math.random() * this.partitions);
  }

  /** Claims from several partitions at once (one round trip), each up to its request's limit. */
  protected abstract claimIn(requests: readonly PartitionRequest[], now: number, leaseMs: number): Promise<PartitionClaimed[]>;
  protected abstract releaseIn(partition: number, botId: string, lease: number, nextDue: number | null): Promise<void>;
  protected abstract rescheduleIn(groups: ReadonlyMap<number, BotDue[]>): Promise<void>;
  protected abstract removeIn(partition: number, botId: string): Promise<void>;
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
    const candidates: number[] = [];
    for (let i = 0; i < this.partitions; i++) {
      const partition = (this.cursor + i) % this.partitions;
      if (this.hints[partition]! <= now) candidates.push(partition);
    }
    if (candidates.length === 0) return out;
    // First round: a share of the limit for the next partitions in turn, and a look (a request for
    // none) at the other candidates, so that work anywhere is found within this claim.
    const picked = candidates.slice(0, limit);
    this.cursor = (picked.at(-1)! + 1) % this.partitions;
    let requests = [...shares(picked, limit), ...candidates.slice(limit).map((partition) => ({ partition, limit: 0 }))];
    for (let round = 1; ; round++) {
      const { due, full } = await this.ask(requests, now, leaseMs, out);
      const left = limit - out.length;
      // Later rounds give what is left to the partitions seen with more due work: those not served yet first.
      const pool = [...due, ...full];
      if (left <= 0 || pool.length === 0 || round >= MAX_ROUNDS) return out;
      requests = shares(pool.slice(0, left), left);
    }
  }

  /**
   * One round of a claim (one round trip): adds the bots claimed to `out`, and notes when each
   * partition asked may next have due work. Returns the partitions seen with more due work: `due`,
   * looked at but not served; `full`, that gave their whole share.
   */
  private async ask(
    requests: readonly PartitionRequest[],
    now: number,
    leaseMs: number,
    out: BotClaim[],
  ): Promise<{ due: number[]; full: number[] }> {
    const seen = requests.map((r) => this.changes[r.partition]!);
    const results = await this.claimIn(requests, now, leaseMs);
    const skipUntil = now + (this.wakeUpsArrive() ? this.recheckMs : POLLING_RECHECK_MS);
    const due: number[] = [];
    const full: number[] = [];
    requests.forEach(({ partition, limit }, i) => {
      const { claims, next } = results[i]!;
      out.push(...claims);
      let hint: number;
      if (limit > 0 && claims.length >= limit) {
        full.push(partition);
        hint = now;
      } else if (limit === 0 && next !== null && next <= now) {
        due.push(partition);
        hint = now;
      } else {
        hint = Math.min(next ?? Number.POSITIVE_INFINITY, skipUntil);
      }
      // A signal or a release meanwhile may have made it due earlier than this claim saw.
      this.hints[partition] = this.changes[partition] === seen[i] ? hint : Math.min(hint, this.hints[partition]!);
    });
    return { due, full };
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

/** `total` split over the partitions as evenly as it goes, the first ones taking the remainder. */
function shares(partitions: readonly number[], total: number): PartitionRequest[] {
  const base = Math.floor(total / partitions.length);
  const extra = total % partitions.length;
  return partitions.map((partition, i) => ({ partition, limit: base + (i < extra ? 1 : 0) }));
}
