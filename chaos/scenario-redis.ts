/**
 * Scenario 2: Redis stopped for 30 s, then (separately) hung with SIGSTOP for 30 s, under load.
 * Redis keeps an append-only file with `appendfsync always`, so what it acknowledged survives the
 * stop. Figures: the statuses callers saw, the longest wait for an answer, calls answered 503 that
 * were stored all the same (allowed only when the answer was `outcome-unknown` naming the request
 * id they were stored under), the time from Redis's return to the first 202, and acknowledged calls
 * whose reply never arrived.
 */
import type { BenchChild } from '../bench/processes.ts';
import { createReplyBlock, createWorld, PREFIX, REPLY_CALL_BODY, type Run, sleepUntil, type World, waitForDrain } from './context.ts';
import type { ChaosRateJob, Outcomes } from './loadgen.ts';
import { forkChaosChild } from './processes.ts';
import type { StreamReport } from './receiver.ts';
import { countBy, describeCounts, hasRetryAfter, isProblemJson, ms, num, outcomeLabel, outOfOrder, seconds } from './report.ts';
import { openStore } from './store-read.ts';
import { lostBreakdown } from './undelivered.ts';

type Fault = 'stop' | 'hang';

export async function redisScenario(run: Run, fault: Fault): Promise<void> {
  const s = run.settings.redis;
  const name = fault === 'stop' ? 'redis-stop' : 'redis-hang';
  let world: World | null = null;
  let loadgen: BenchChild | null = null;
  try {
    world = await createWorld(run, name, { persistentRedis: true });
    const block = await createReplyBlock(world, `Chaos ${name}`);
    loadgen = await forkChaosChild('loadgen', 'loadgen.ts');
    const what = fault === 'stop' ? 'stopped' : 'hung (SIGSTOP)';
    run.say(
      `2 Redis ${what} for ${s.outageMs / 1000} s under ${num(s.rate)} calls/s (${s.beforeMs / 1000} s before, ${s.afterMs / 1000} s after)…`,
    );
    const job: ChaosRateJob = {
      url: block.url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${block.token}` },
      body: REPLY_CALL_BODY,
      rate: s.rate,
      durationMs: s.beforeMs + s.outageMs + s.afterMs,
      connections: s.connections,
      timeoutMs: 60_000,
      contacts: s.contacts,
      firstSeq: 0,
    };
    const startedAt = Date.now();
    const load = loadgen.call<Outcomes>('rate', job);
    await sleepUntil(startedAt + s.beforeMs);
    const downAt = Date.now();
    if (fault === 'stop') await world.redis.stop();
    else await world.redis.pause();
    await sleepUntil(downAt + s.outageMs);
    if (fault === 'stop') await world.redis.start();
    else await world.redis.resume();
    const upAt = Date.now();
    run.say(`  Redis back ${((upAt - downAt) / 1000).toFixed(1)} s after it went away`);
    const out = await load;
    const total = out.status.length;
    const statuses = countBy(out.status.keys(), (i) => outcomeLabel(out.status[i]!, out.problem[i]!));
    const acked: number[] = [];
    for (let i = 0; i < total; i++) if (out.status[i] === 202) acked.push(out.firstSeq + i);
    run.say(`  ${num(total)} calls at ${num(out.achievedRate)}/s achieved: ${describeCounts(statuses, 6)}; waiting for the replies…`);
    await world.receiver.call('expect', { name: 'replies', seqs: acked });
    const drain = (await waitForDrain(world.receiver, ['replies'], s.drainTimeoutMs)).replies!;
    const replies = await world.receiver.call<StreamReport>('report', 'replies');

    // Answers other than 202 and a 503 problem with Retry-After (a socket error, a timeout, a 500…).
    // Answers other than 202 or a 503 problem with Retry-After (a 500, a 503 without Retry-After…);
    // and calls with no answer at all (a timeout, a reset connection).
    let wrongAnswers = 0;
    let noAnswer = 0;
    // When those calls were due, by second relative to Redis going away.
    const unexpectedTimeline: Record<string, Record<string, number>> = {};
    let longestWait = 0;
    let firstAcceptAfterUp = Number.POSITIVE_INFINITY;
    for (let i = 0; i < total; i++) {
      const status = out.status[i]!;
      // From the send: on a starved machine the generator's own lag is not the service's wait.
      longestWait = Math.max(longestWait, out.endedAt[i]! - out.sentAt[i]!);
      if (status === 202 && out.endedAt[i]! >= upAt) firstAcceptAfterUp = Math.min(firstAcceptAfterUp, out.endedAt[i]!);
      if (status !== 202 && !(status === 503 && hasRetryAfter(out.flags[i]!) && isProblemJson(out.flags[i]!))) {
        if (status > 0) wrongAnswers++;
        else noAnswer++;
        const second = `${Math.floor((out.dueAt[i]! - downAt) / 1000)} s`;
        const label = outcomeLabel(status, out.problem[i]!);
        const bucket = unexpectedTimeline[second] ?? {};
        bucket[label] = (bucket[label] ?? 0) + 1;
        unexpectedTimeline[second] = bucket;
      }
    }
    const recoveryMs = firstAcceptAfterUp - upAt;
    // The ten longest waits, with when each call went out relative to Redis going away.
    const slowest = [...out.status.keys()]
      .sort((a, b) => out.endedAt[b]! - out.sentAt[b]! - (out.endedAt[a]! - out.sentAt[a]!))
      .slice(0, 10)
      .map((i) => ({
        seq: out.firstSeq + i,
        answer: outcomeLabel(out.status[i]!, out.problem[i]!),
        sentAfterDownMs: Math.round(out.sentAt[i]! - downAt),
        waitMs: Math.round(out.endedAt[i]! - out.sentAt[i]!),
      }));

    const store = await openStore(world.redis.url, PREFIX);
    const activity = await store.activity(block.botId, block.webhookId);
    const stored = new Map(activity.map((a) => [a.seq, a]));
    const delivered = new Set(replies.arrivals);
    // A 503 whose call is stored anyway: a violation unless it said `outcome-unknown` with the id it is stored under.
    let storedBut503 = 0;
    let unknownStored = 0;
    let unknownNotStored = 0;
    const violations: { seq: number; problem: string; answeredId: string; storedId: string }[] = [];
    for (let i = 0; i < total; i++) {
      if (out.status[i] !== 503) continue;
      const seq = out.firstSeq + i;
      const call = stored.get(seq);
      const isStored = call !== undefined || delivered.has(seq);
      if (out.problem[i] === 'outcome-unknown') {
        if (isStored && call?.requestId === out.id[i]) unknownStored++;
        else if (isStored) {
          storedBut503++;
          violations.push({ seq, problem: out.problem[i]!, answeredId: out.id[i]!, storedId: call?.requestId ?? '' });
        } else unknownNotStored++;
      } else if (isStored) {
        storedBut503++;
        violations.push({ seq, problem: out.problem[i]!, answeredId: out.id[i]!, storedId: call?.requestId ?? '' });
      }
    }
    const notStored = acked.filter((seq) => stored.get(seq)?.requestId !== out.id[seq - out.firstSeq]);
    const notDelivered = acked.filter((seq) => !delivered.has(seq));
    const lost = new Set([...notStored, ...notDelivered]).size;
    const disorder = outOfOrder(replies.arrivals, new Map(activity.map((a, i) => [a.seq, i])), (seq) => seq % s.contacts);
    const breakdown = notDelivered.length ? await lostBreakdown(store, block.botId, activity, notDelivered) : {};
    await store.close();
    const crashes = world.hookgate.crashes.length;
    run.crashes[name] = crashes;
    run.say(
      `  longest wait ${ms(longestWait)} ms, wrong answers ${wrongAnswers}, no answer ${noAnswer}, stored but 503 ${storedBut503} (outcome-unknown: ` +
        `${unknownStored} stored, ${unknownNotStored} not), recovery ${seconds(recoveryMs)}, lost ${lost} of ${num(acked.length)}, ` +
        `replies out of order ${disorder}, unexpected exits ${crashes}`,
    );
    run.figures[name] = {
      settings: s,
      downAt,
      upAt,
      calls: total,
      achievedRate: out.achievedRate,
      generatorMaxLagMs: out.maxLagMs,
      statuses,
      socketErrors: out.socketErrors,
      wrongAnswers,
      noAnswer,
      unexpectedTimeline,
      longestWaitMs: longestWait,
      slowest,
      storedBut503,
      storedBut503Sample: violations.slice(0, 20),
      outcomeUnknown: { stored: unknownStored, notStored: unknownNotStored },
      recoveryMs,
      acknowledged: acked.length,
      lost,
      notStored: notStored.length,
      notDelivered: notDelivered.length,
      undeliveredByStoredStatus: breakdown,
      repliesSentAgain: replies.duplicates,
      repliesOutOfOrder: disorder,
      drain: { ...drain, timeoutMs: s.drainTimeoutMs },
      unexpectedExits: world.hookgate.crashes,
    };
    const label = `2 Redis ${fault === 'stop' ? 'stopped' : 'hung'} ${s.outageMs / 1000} s at ${num(out.achievedRate)}/s`;
    const fiveOhThree = Object.entries(statuses)
      .filter(([l]) => l.startsWith('503'))
      .map(([l, n]) => `${num(n)} ${l}`)
      .join(', ');
    run.rows.push(
      {
        scenario: label,
        measure: 'statuses seen',
        value:
          `${num(statuses['202'] ?? 0)} 202${fiveOhThree ? `, ${fiveOhThree}` : ''}${wrongAnswers ? `, ${num(wrongAnswers)} other` : ''}` +
          `${noAnswer ? `; ${num(noAnswer)} unanswered (timeout or reset)` : ''}`,
        goal: 'answers: 202, or 503 problem + Retry-After',
        met: wrongAnswers === 0,
      },
      { scenario: label, measure: 'longest wait for an answer', value: seconds(longestWait), goal: '—', met: null },
      {
        scenario: label,
        measure: 'stored but answered 503',
        value: `${num(storedBut503)} (outcome-unknown: ${num(unknownStored)} stored, ${num(unknownNotStored)} not)`,
        goal: '0 (outcome-unknown aside)',
        met: storedBut503 === 0,
      },
      { scenario: label, measure: 'recovery: first 202 after Redis is back', value: seconds(recoveryMs), goal: '—', met: null },
      {
        scenario: label,
        measure: 'acknowledged lost; replies out of order',
        value: `${num(lost)} of ${num(acked.length)}; ${num(disorder)}`,
        goal: '0; 0',
        met: lost === 0 && disorder === 0,
      },
    );
  } finally {
    await Promise.allSettled([loadgen?.stop(), world?.close()]);
  }
}
