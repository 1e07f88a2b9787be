/**
 * Scenario 1: `kill -9` of the gateway under ~1,000 calls/s, restarted at once on the same port.
 * Every call answered 202 must be in the store (its request id in the webhook's activity) and
 * have its reply delivered; the drain time is from the last restart until the last acknowledged
 * call's reply arrived (a reply a killed worker held waits for its lease to expire).
 */
import type { BenchChild } from '../bench/processes.ts';
import { createReplyBlock, createWorld, PREFIX, REPLY_CALL_BODY, type Run, sleepUntil, type World, waitForDrain } from './context.ts';
import type { ChaosRateJob, Outcomes } from './loadgen.ts';
import { forkChaosChild } from './processes.ts';
import type { StreamReport } from './receiver.ts';
import { countBy, describeCounts, num, outcomeLabel, outOfOrder, seconds } from './report.ts';
import { openStore } from './store-read.ts';
import { lostBreakdown } from './undelivered.ts';

export async function killScenario(run: Run): Promise<void> {
  const s = run.settings.kill;
  let world: World | null = null;
  let loadgen: BenchChild | null = null;
  try {
    world = await createWorld(run, 'kill', { persistentRedis: false });
    const block = await createReplyBlock(world, 'Chaos kill');
    loadgen = await forkChaosChild('loadgen', 'loadgen.ts');
    run.say(
      `1 kill -9: ${num(s.rate)} calls/s for ${s.durationMs / 1000} s, Hookgate killed at ${s.killsAtMs.map((t) => `${t / 1000} s`).join(' and ')} ` +
        'and restarted at once on its port…',
    );
    const job: ChaosRateJob = {
      url: block.url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${block.token}` },
      body: REPLY_CALL_BODY,
      rate: s.rate,
      durationMs: s.durationMs,
      connections: s.connections,
      timeoutMs: 30_000,
      contacts: s.contacts,
      firstSeq: 0,
    };
    const startedAt = Date.now();
    const load = loadgen.call<Outcomes>('rate', job);
    const kills: { killedAt: number; healthyAt: number; downMs: number }[] = [];
    for (const at of s.killsAtMs) {
      await sleepUntil(startedAt + at);
      await world.hookgate.process!.kill9();
      const killedAt = Date.now();
      await world.hookgate.start();
      const healthyAt = Date.now();
      kills.push({ killedAt, healthyAt, downMs: healthyAt - killedAt });
      run.say(`  killed at ${((killedAt - startedAt) / 1000).toFixed(1)} s; listening again ${healthyAt - killedAt} ms later`);
    }
    const out = await load;
    const lastRestart = kills[kills.length - 1]?.healthyAt ?? startedAt;
    const total = out.status.length;
    const acked: number[] = [];
    for (let i = 0; i < total; i++) if (out.status[i] === 202) acked.push(out.firstSeq + i);
    run.say(
      `  ${num(total)} calls at ${num(out.achievedRate)}/s achieved: ${describeCounts(countBy(out.status.keys(), (i) => outcomeLabel(out.status[i]!, out.problem[i]!)))}; ` +
        `waiting for the replies of the ${num(acked.length)} acknowledged (up to ${s.drainTimeoutMs / 1000} s)…`,
    );
    await world.receiver.call('expect', { name: 'replies', seqs: acked });
    const drain = (await waitForDrain(world.receiver, ['replies'], s.drainTimeoutMs)).replies!;
    const replies = await world.receiver.call<StreamReport>('report', 'replies');

    const store = await openStore(world.redis.url, PREFIX);
    const activity = await store.activity(block.botId, block.webhookId);
    const storedIds = new Set(activity.map((a) => a.requestId));
    const timesStored = countBy(activity, (a) => String(a.seq));
    const storedTwice = Object.values(timesStored).filter((n) => n > 1).length;
    const delivered = new Set(replies.arrivals);
    const notStored = acked.filter((seq) => !storedIds.has(out.id[seq - out.firstSeq]!));
    const notDelivered = acked.filter((seq) => !delivered.has(seq));
    const lostSeqs = new Set([...notStored, ...notDelivered]);
    const position = new Map(activity.map((a, i) => [a.seq, i]));
    const disorder = outOfOrder(replies.arrivals, position, (seq) => seq % s.contacts);
    const storedUnanswered = activity.filter((a) => out.status[a.seq - out.firstSeq] !== 202).length;
    const breakdown = notDelivered.length ? await lostBreakdown(store, block.botId, activity, notDelivered) : {};
    await store.close();
    const drainMs = drain.complete ? drain.lastExpectedAt - lastRestart : Number.NaN;
    const crashes = world.hookgate.crashes.length;
    run.crashes.kill = crashes;
    run.say(
      `  lost ${lostSeqs.size} (not stored ${notStored.length}, not delivered ${notDelivered.length}), calls stored twice ${storedTwice}, ` +
        `replies sent again ${replies.duplicates}, out of order ${disorder}, drain ${seconds(drainMs)}, stored without an answer ` +
        `${storedUnanswered}, unexpected exits ${crashes}`,
    );
    run.figures.kill = {
      settings: s,
      kills,
      calls: total,
      achievedRate: out.achievedRate,
      generatorMaxLagMs: out.maxLagMs,
      statuses: countBy(out.status.keys(), (i) => outcomeLabel(out.status[i]!, out.problem[i]!)),
      socketErrors: out.socketErrors,
      acknowledged: acked.length,
      lost: lostSeqs.size,
      notStored: notStored.length,
      notDelivered: notDelivered.length,
      undeliveredByStoredStatus: breakdown,
      lostSample: [...lostSeqs].slice(0, 20),
      storedTwice,
      repliesSentAgain: replies.duplicates,
      storedWithoutAnAnswer: storedUnanswered,
      repliesOutOfOrder: disorder,
      drain: { ...drain, fromLastRestartMs: drainMs, timeoutMs: s.drainTimeoutMs },
      unexpectedExits: world.hookgate.crashes,
    };
    const label = `1 kill -9 ×${kills.length} at ${num(out.achievedRate)}/s`;
    run.rows.push(
      {
        scenario: label,
        measure: 'acknowledged calls lost',
        value: `${num(lostSeqs.size)} of ${num(acked.length)} (${num(total - acked.length)} calls not acknowledged: refused, reset or timed out)`,
        goal: '0',
        met: lostSeqs.size === 0,
      },
      {
        scenario: label,
        measure: 'duplicates',
        value: `${num(storedTwice)} stored twice; ${num(replies.duplicates)} replies resent`,
        goal: '0 stored twice',
        met: storedTwice === 0,
      },
      {
        scenario: label,
        measure: 'replies out of order per contact',
        value: num(disorder),
        goal: '0',
        met: disorder === 0,
      },
      {
        scenario: label,
        measure: 'drain after restart',
        value: drain.complete ? seconds(drainMs) : `${num(drain.missing)} missing after ${s.drainTimeoutMs / 1000} s`,
        goal: '—',
        met: null,
      },
    );
  } finally {
    await Promise.allSettled([loadgen?.stop(), world?.close()]);
  }
}
