/**
 * The bot schedulers, held to one suite on both backends (built by createBackend, as production
 * wires them): leases, the release's compare-and-set, signals that only move a bot earlier, and
 * wake-ups.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import type { BotScheduler, Schedulers } from '../../src/scheduling/bot-scheduler.ts';
import { BACKENDS, type ContractBackend, contractBackend } from '../contract/backends.ts';
import { botsIn } from '../helpers/scheduler.ts';

const ids = (claims: { botId: string }[]) => claims.map((c) => c.botId);

/** Resolves with how long the wait took. */
async function timed(wait: Promise<void>): Promise<number> {
  const started = Date.now();
  await wait;
  return Date.now() - started;
}

describe.each(BACKENDS)('bot schedulers (%s)', (kind) => {
  let subject: ContractBackend;
  let schedulers: Schedulers;
  let replies: BotScheduler;
  let bot: string;
  const now = Date.now();

  beforeEach(async () => {
    subject = await contractBackend(kind);
    schedulers = subject.backend.schedulers;
    replies = schedulers.replies;
    bot = newId('bot');
  });
  afterEach(() => subject.cleanup());

  it('hands a due bot to one claim at a time, with a fractional lease, until the lease runs out', async () => {
    await schedulers.signal(bot, now, { replies: true });
    expect(await replies.claim(now - 1, 10, 30_000)).toEqual([]);
    const [claim] = await replies.claim(now, 10, 30_000);
    expect(claim).toEqual({ botId: bot, lease: now + 30_000.5 });
    expect(await replies.claim(now + 30_000, 10, 30_000)).toEqual([]);
    expect(ids(await replies.claim(now + 30_001, 10, 30_000))).toEqual([bot]);
  });

  it('claims a partition’s earliest bots first, up to the limit', async () => {
    const [a, b, c] = botsIn(3, 3) as [string, string, string];
    await schedulers.signal(b, now - 2, { replies: true });
    await schedulers.signal(c, now - 1, { replies: true });
    await schedulers.signal(a, now - 3, { replies: true });
    expect(ids(await replies.claim(now, 2, 30_000))).toEqual([a, b]);
    expect(ids(await replies.claim(now, 2, 30_000))).toEqual([c]);
  });

  it('shares a claim between partitions: a busy partition does not starve the others', async () => {
    // Forty bots due in one partition, earlier than anything else, and one due in each of two others.
    const busy = botsIn(0, 40);
    await Promise.all(busy.map((b, i) => schedulers.signal(b, now - 1000 + i, { replies: true })));
    const quiet = [...botsIn(5, 1), ...botsIn(11, 1)];
    await Promise.all(quiet.map((b) => schedulers.signal(b, now, { replies: true })));
    // Claims of four, as a loop with little room makes: every partition is asked in turn.
    const claimed: string[] = [];
    for (let i = 0; i < 10 && !quiet.every((b) => claimed.includes(b)); i++) claimed.push(...ids(await replies.claim(now, 4, 30_000)));
    expect(claimed).toEqual(expect.arrayContaining(quiet));
    expect(claimed.filter((b) => busy.includes(b)).length).toBeLessThan(busy.length);
    // The busy partition's bots all come, earliest first, and none twice.
    for (let i = 0; i < 20; i++) claimed.push(...ids(await replies.claim(now, 4, 30_000)));
    expect(claimed.filter((b) => busy.includes(b))).toEqual(busy);
  });

  it('claims up to the limit from a busy partition once the others are known empty', async () => {
    const busy = botsIn(7, 30);
    await Promise.all(busy.map((b, i) => schedulers.signal(b, now - 1000 + i, { replies: true })));
    const first = ids(await replies.claim(now, 16, 30_000));
    expect(first).toEqual(busy.slice(0, first.length));
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(ids(await replies.claim(now, 10, 30_000))).toEqual(busy.slice(first.length, first.length + 10));
  });

  it('signals only the schedulers named, and never moves a bot later', async () => {
    await schedulers.signal(bot, now, { events: true });
    expect(await replies.depth(now)).toEqual({ scheduledBots: 0, dueBots: 0 });
    expect(await schedulers.events.depth(now)).toEqual({ scheduledBots: 1, dueBots: 1 });
    await schedulers.signal(bot, now + 1000, { replies: true, events: true });
    await schedulers.signal(bot, now + 5000, { replies: true, events: true });
    expect(await schedulers.events.depth(now)).toEqual({ scheduledBots: 1, dueBots: 1 });
    expect(await replies.depth(now + 999)).toEqual({ scheduledBots: 1, dueBots: 0 });
    expect(await replies.depth(now + 1000)).toEqual({ scheduledBots: 1, dueBots: 1 });
    await schedulers.signal(bot, now, { replies: false, events: false });
    expect(await replies.depth(now)).toEqual({ scheduledBots: 1, dueBots: 0 });
  });

  it('releases a bot to its next due time, or off the schedule, when nobody signalled during the pass', async () => {
    await schedulers.signal(bot, now, { replies: true });
    const [claim] = await replies.claim(now, 10, 30_000);
    await replies.release(bot, claim!.lease, now + 5000);
    expect(ids(await replies.claim(now + 4999, 10, 30_000))).toEqual([]);
    const [again] = await replies.claim(now + 5000, 10, 30_000);
    expect(again?.botId).toBe(bot);
    await replies.release(bot, again!.lease, null);
    expect(await replies.depth(now + 999_999)).toEqual({ scheduledBots: 0, dueBots: 0 });
  });

  it('keeps a signal sent during a pass: the release only moves the bot earlier', async () => {
    await schedulers.signal(bot, now, { replies: true });
    const [claim] = await replies.claim(now, 10, 30_000);
    await schedulers.signal(bot, now + 10, { replies: true });
    // The pass read "next due in 5 s" before the signal: the signal's earlier time stands.
    await replies.release(bot, claim!.lease, now + 5000);
    expect(ids(await replies.claim(now + 10, 10, 30_000))).toEqual([bot]);
  });

  it('lets a pass that released last bring a bot forward, but never push it back or drop it', async () => {
    await schedulers.signal(bot, now, { replies: true });
    const [first] = await replies.claim(now, 10, 30_000);
    await schedulers.signal(bot, now + 1, { replies: true });
    const [second] = await replies.claim(now + 1, 10, 30_000);
    await replies.release(bot, second!.lease, now + 9000);
    await replies.release(bot, first!.lease, now + 3000);
    expect(ids(await replies.claim(now + 2999, 10, 30_000))).toEqual([]);
    const [third] = await replies.claim(now + 3000, 10, 30_000);
    await schedulers.signal(bot, now + 3001, { replies: true });
    await replies.release(bot, third!.lease, null);
    expect(ids(await replies.claim(now + 3001, 10, 30_000))).toEqual([bot]);
  });

  it('reschedules bots earlier only, and takes a removed bot off', async () => {
    const other = newId('bot');
    await schedulers.signal(bot, now + 5000, { replies: true });
    await replies.reschedule([
      { botId: bot, at: now + 1000 },
      { botId: other, at: now },
    ]);
    await replies.reschedule([{ botId: bot, at: now + 8000 }]);
    expect(ids(await replies.claim(now + 1000, 10, 30_000)).sort()).toEqual([bot, other].sort());
    await replies.remove(bot);
    await replies.remove(other);
    expect(await replies.depth(now + 999_999)).toEqual({ scheduledBots: 0, dueBots: 0 });
  });

  it('reschedules (the repair of lost signals) into every partition, even those a claim found empty', async () => {
    expect(await replies.claim(now, 16, 30_000)).toEqual([]);
    const bots = Array.from({ length: 16 }, (_, p) => botsIn(p, 1)[0]!);
    await replies.reschedule(bots.map((botId) => ({ botId, at: now })));
    const claimed: string[] = [];
    for (let i = 0; i < 3; i++) claimed.push(...ids(await replies.claim(now, 16, 30_000)));
    expect(claimed.sort()).toEqual([...bots].sort());
  });

  it('counts scheduled bots and the due ones no worker holds', async () => {
    await schedulers.signal(bot, now, { replies: true });
    await schedulers.signal(newId('bot'), now + 5000, { replies: true });
    expect(await replies.depth(now)).toEqual({ scheduledBots: 2, dueBots: 1 });
    await replies.claim(now, 10, 30_000);
    expect(await replies.depth(now)).toEqual({ scheduledBots: 2, dueBots: 0 });
  });

  it('wakes this process’s waiting workers on a signal, and only those of the scheduler signalled', async () => {
    const repliesWait = timed(replies.waitForWork(5000));
    const eventsWait = timed(schedulers.events.waitForWork(300));
    await schedulers.signal(bot, now, { replies: true });
    expect(await repliesWait).toBeLessThan(1000);
    expect(await eventsWait).toBeGreaterThanOrEqual(250);
  });

  it('keeps a signal sent while no worker waits for the next wait: the claim before it may have missed the work', async () => {
    expect(await replies.claim(now, 10, 30_000)).toEqual([]);
    await schedulers.signal(bot, now, { replies: true });
    expect(await timed(replies.waitForWork(5000))).toBeLessThan(1000);
    expect(ids(await replies.claim(now, 10, 30_000))).toEqual([bot]);
    // Kept for one wait only.
    expect(await timed(replies.waitForWork(100))).toBeGreaterThanOrEqual(90);
  });

  it('ends a wait at its timeout, or at once when its abort signal fires', async () => {
    expect(await timed(replies.waitForWork(50))).toBeGreaterThanOrEqual(40);
    const stop = new AbortController();
    const waiting = timed(replies.waitForWork(5000, stop.signal));
    stop.abort();
    expect(await waiting).toBeLessThan(1000);
  });

  it.runIf(kind === 'redis')('wakes the workers of another process through Redis', async () => {
    const other = await contractBackend(kind, { prefix: subject.prefix });
    try {
      let woken = false;
      const waiting = timed(other.backend.schedulers.replies.waitForWork(5000)).finally(() => (woken = true));
      // The wait subscribes to the wake-up channel as it starts; a signal published before that
      // lands is missed, so signal again (each time earlier: only a move publishes) until it wakes.
      for (let i = 0; i < 20 && !woken; i++) {
        await schedulers.signal(bot, now - i, { replies: true });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await waiting).toBeLessThan(2500);
    } finally {
      await other.backend.close();
    }
  });
});
