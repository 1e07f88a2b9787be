/**
 * The claim loop both workers run, driven over an in-memory scheduler with work whose store can be
 * made to fail: passes side by side, a bounded number at once, bots released after every pass
 * (through a short outage too), an error pause that stop() cuts short, and reconcile at start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import type { BotDue } from '../../src/scheduling/bot-scheduler.ts';
import { ClaimLoop, type ClaimLoopOptions } from '../../src/scheduling/claim-loop.ts';
import { MemoryBotScheduler } from '../../src/scheduling/memory-bot-scheduler.ts';
import { ScheduledBots } from '../../src/scheduling/scheduled-bots.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';

const logLines: string[] = [];
const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
const outage = () => new StoreUnavailableError(new Error('connection refused'));

/** Bots with work due at a time (or none), whose store fails on demand. */
class Work extends ScheduledBots {
  readonly next = new Map<string, number>();
  readonly released: string[] = [];
  failClaims = 0;
  failReleases = 0;
  failReconciles = 0;
  private readonly bots: MemoryBotScheduler;

  constructor(bots = new MemoryBotScheduler()) {
    super(bots);
    this.bots = bots;
  }

  /** New work for a bot, signalled as a store write would (`signal: false`: the signal is lost). */
  add(botId: string, options: { at?: number; signal?: boolean } = {}): void {
    const at = options.at ?? Date.now();
    this.next.set(botId, at);
    if (options.signal !== false) this.bots.signal(botId, at);
  }

  scheduled(now = Date.now()) {
    return this.bots.depth(now);
  }

  override async claimBots(now: number, limit: number, leaseMs: number) {
    if (this.failClaims > 0) {
      this.failClaims -= 1;
      throw outage();
    }
    return super.claimBots(now, limit, leaseMs);
  }

  override async reconcile(now: number): Promise<number> {
    if (this.failReconciles > 0) {
      this.failReconciles -= 1;
      throw outage();
    }
    return super.reconcile(now);
  }

  override async releaseBot(botId: string, lease: number, now: number): Promise<void> {
    if (this.failReleases > 0) {
      this.failReleases -= 1;
      throw outage();
    }
    await super.releaseBot(botId, lease, now);
    this.released.push(botId);
  }

  protected async nextDue(botId: string): Promise<number | null> {
    return this.next.get(botId) ?? null;
  }

  protected async *dueBots(now: number): AsyncIterable<BotDue[]> {
    yield [...this.next].map(([botId, at]) => ({ botId, at: Math.min(at, now) }));
  }
}

/** Passes that record which bots they ran for and wait until the test lets each one end. */
class Passes {
  readonly started: string[] = [];
  private readonly gates = new Map<string, () => void>();
  failWith: Error | null = null;

  run = async (botId: string): Promise<void> => {
    this.started.push(botId);
    await new Promise<void>((resolve) => this.gates.set(botId, resolve));
    if (this.failWith) throw this.failWith;
  };

  finish(botId: string): void {
    this.gates.get(botId)?.();
  }

  finishAll(): void {
    for (const open of this.gates.values()) open();
  }
}

const OPTIONS: ClaimLoopOptions = { leaseMs: 10_000, pollMs: 20, botsPerClaim: 16, maxConcurrentPasses: 8, reconcileEveryMs: 60_000 };

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  for (const started = Date.now(); !(await check()); ) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the claim loop', () => {
  let loop: ClaimLoop | null = null;
  let passes: Passes;

  function start(work: Work, options: Partial<ClaimLoopOptions> = {}): ClaimLoop {
    passes = new Passes();
    loop = new ClaimLoop(work, passes.run, { clock: systemClock, logger, name: 'test worker' }, { ...OPTIONS, ...options });
    loop.start();
    return loop;
  }

  afterEach(async () => {
    passes?.finishAll();
    await loop?.stop();
    loop = null;
  });

  it('runs passes over different bots side by side: a slow pass holds up only its own bot', async () => {
    const work = new Work();
    start(work);
    work.add('bot_slow');
    await eventually(() => passes.started.includes('bot_slow'), 'the slow pass to start');
    work.add('bot_quick');
    await eventually(() => passes.started.includes('bot_quick'), 'the second pass to start while the first runs');
    work.next.delete('bot_quick');
    passes.finish('bot_quick');
    await eventually(() => work.released.includes('bot_quick'), 'the second bot to be released');
    expect(work.released).not.toContain('bot_slow');
  });

  it('runs no more passes at once than it is allowed, and starts the next as one ends', async () => {
    const work = new Work();
    start(work, { maxConcurrentPasses: 2 });
    for (const bot of ['bot_a', 'bot_b', 'bot_c']) work.add(bot, { at: Date.now() - 10 });
    await eventually(() => passes.started.length === 2, 'two passes');
    await new Promise((r) => setTimeout(r, 100));
    expect(passes.started).toHaveLength(2);
    passes.finish(passes.started[0]!);
    await eventually(() => passes.started.length === 3, 'the third pass');
  });

  it('releases a bot to its next due time after its pass, and off the schedule when it has none', async () => {
    const work = new Work();
    start(work);
    work.add('bot_a');
    await eventually(() => passes.started.includes('bot_a'), 'the pass');
    work.next.set('bot_a', Date.now() + 60_000);
    passes.finish('bot_a');
    await eventually(() => work.released.includes('bot_a'), 'the release');
    expect(await work.scheduled()).toEqual({ scheduledBots: 1, dueBots: 0 });
    expect(await work.scheduled(Date.now() + 60_000)).toEqual({ scheduledBots: 1, dueBots: 1 });
  });

  it('releases a bot whose pass failed, and logs the failure', async () => {
    const work = new Work();
    start(work);
    passes.failWith = new Error('adapter exploded');
    work.add('bot_a');
    await eventually(() => passes.started.includes('bot_a'), 'the pass');
    work.next.delete('bot_a');
    passes.finish('bot_a');
    await eventually(() => work.released.includes('bot_a'), 'the release');
    expect(await work.scheduled()).toEqual({ scheduledBots: 0, dueBots: 0 });
    await eventually(() => logLines.some((l) => l.includes('adapter exploded')), 'the failure to be logged');
  });

  it('retries a release through a short outage instead of leaving the bot to its lease', async () => {
    const work = new Work();
    start(work);
    work.add('bot_a');
    await eventually(() => passes.started.includes('bot_a'), 'the pass');
    work.next.delete('bot_a');
    work.failReleases = 2;
    passes.finish('bot_a');
    await eventually(() => work.released.includes('bot_a'), 'the release after the outage');
    expect(work.failReleases).toBe(0);
    expect(await work.scheduled()).toEqual({ scheduledBots: 0, dueBots: 0 });
  });

  it('pauses after a store error, and stop() cuts the pause short', async () => {
    const work = new Work();
    work.failClaims = Number.POSITIVE_INFINITY;
    const running = start(work);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('keeps claiming once the store is back', async () => {
    const work = new Work();
    work.failClaims = 1;
    start(work);
    work.add('bot_a');
    await eventually(() => passes.started.includes('bot_a'), 'the pass after the error pause');
  });

  it('reconciles at start: a bot whose signal was lost is found', async () => {
    const work = new Work();
    work.add('bot_lost', { signal: false });
    start(work);
    await eventually(() => passes.started.includes('bot_lost'), 'the pass over the bot');
  });

  it('reconciles again every reconcileEveryMs', async () => {
    const work = new Work();
    start(work, { reconcileEveryMs: 100 });
    await new Promise((r) => setTimeout(r, 50));
    work.add('bot_lost', { signal: false });
    await eventually(() => passes.started.includes('bot_lost'), 'the pass over the bot');
  });

  it('tries a failed reconcile again within seconds, not a period later (a start before the store is reachable)', async () => {
    const work = new Work();
    work.failReconciles = 2;
    work.add('bot_lost', { signal: false });
    start(work, { reconcileEveryMs: 3_600_000 });
    await eventually(() => passes.started.includes('bot_lost'), 'the pass over the bot', 10_000);
    expect(work.failReconciles).toBe(0);
  });

  it('on stop, waits for the passes under way and claims nothing more', async () => {
    const work = new Work();
    const running = start(work);
    work.add('bot_a');
    await eventually(() => passes.started.includes('bot_a'), 'the pass');
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    work.add('bot_b');
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    passes.finish('bot_a');
    await stopping;
    expect(work.released).toEqual(['bot_a']);
    expect(passes.started).toEqual(['bot_a']);
  });

  describe('throughOutage', () => {
    it('retries a write while the store is unreachable', async () => {
      const running = start(new Work());
      let calls = 0;
      const result = await running.throughOutage(async () => {
        calls += 1;
        if (calls < 3) throw outage();
        return 'written';
      }, Date.now() + 10_000);
      expect(result).toBe('written');
      expect(calls).toBe(3);
    });

    it('gives up once the lease on the work would have run out, and never retries other errors', async () => {
      const running = start(new Work());
      const started = Date.now();
      const down = running.throughOutage(async () => Promise.reject(outage()), Date.now() + 300);
      await expect(down).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(1500);
      let calls = 0;
      const bug = running.throughOutage(async () => {
        calls += 1;
        throw new TypeError('a bug');
      }, Date.now() + 10_000);
      await expect(bug).rejects.toBeInstanceOf(TypeError);
      expect(calls).toBe(1);
    });
  });
});
