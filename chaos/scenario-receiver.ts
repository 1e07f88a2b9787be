/**
 * Scenario 3: the receivers down for 2 minutes — the first half answering 503, the second half
 * refusing connections — while calls keep coming for replies (WhatsApp) and events keep being
 * published to two subscriptions of one bot, `ordering: "per-contact"` and `"unordered"`.
 * The circuit breaker is set to open well inside the outage (HOOKGATE_CIRCUIT_BREAKER_SECONDS), so
 * deliveries pass through `paused` and the breaker's probe; replies keep the service's default retry
 * policy. After the receivers are back the scenario waits (bounded) until everything acknowledged
 * has arrived, then counts what never did and what arrived out of order per contact (against the
 * order the service stored them in).
 */
import type { BenchChild } from '../bench/processes.ts';
import { createReplyBlock, createWorld, PREFIX, REPLY_CALL_BODY, type Run, sleepUntil, type World, waitForDrain } from './context.ts';
import type { ChaosRateJob, Outcomes } from './loadgen.ts';
import { forkChaosChild } from './processes.ts';
import type { StreamReport } from './receiver.ts';
import { countBy, describeCounts, num, outcomeLabel, outOfOrder, seconds } from './report.ts';
import { openStore } from './store-read.ts';
import { lostBreakdown } from './undelivered.ts';

const EVENT_BODY = '{"type":"lead.created","data":{"contact":{"id":"__CONTACT_ID__"},"seq":__SEQ__}}';
const SUBSCRIPTIONS = [
  { stream: 'ordered', ordering: 'per-contact' },
  { stream: 'unordered', ordering: 'unordered' },
] as const;

interface SubscriptionView {
  id: string;
  enabled: boolean;
  disabledReason?: string | null;
}

export async function receiverScenario(run: Run): Promise<void> {
  const s = run.settings.receiver;
  let world: World | null = null;
  let loadgen: BenchChild | null = null;
  try {
    world = await createWorld(run, 'receiver', {
      persistentRedis: false,
      env: { HOOKGATE_CIRCUIT_BREAKER_SECONDS: String(s.breakerSeconds), HOOKGATE_RETRY_SCHEDULE: s.retrySchedule },
    });
    const w = world;
    const block = await createReplyBlock(w, 'Chaos receiver down');
    const bot = await w.api.call<{ id: string }>('POST', '/bots', { name: 'Chaos events' });
    const subs: Record<string, string> = {};
    for (const sub of SUBSCRIPTIONS) {
      const created = await w.api.call<{ id: string }>('POST', `/bots/${bot.id}/subscriptions`, {
        name: `Chaos ${sub.stream}`,
        url: `${w.receiverOrigin}/sink/${sub.stream}`,
        events: ['lead.*'],
        ordering: sub.ordering,
      });
      subs[sub.stream] = created.id;
    }
    loadgen = await forkChaosChild('loadgen', 'loadgen.ts');
    const durationMs = s.beforeMs + s.outageMs + s.afterMs;
    run.say(
      `3 receivers down ${s.outageMs / 1000} s (503 then refused connections): ${s.replyRate} calls/s with replies and ${s.eventRate} ` +
        `events/s to 2 subscriptions (per-contact, unordered), ${s.contacts} contacts; breaker after ${s.breakerSeconds} s, retries ` +
        `${s.retrySchedule} s…`,
    );
    const common = { connections: 16, timeoutMs: 30_000, contacts: s.contacts, firstSeq: 0, durationMs };
    const calls = loadgen.call<Outcomes>('rate', {
      ...common,
      url: block.url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${block.token}` },
      body: REPLY_CALL_BODY,
      rate: s.replyRate,
    } satisfies ChaosRateJob);
    const events = loadgen.call<Outcomes>('rate', {
      ...common,
      url: `${w.hookgate.baseUrl}/v1/bots/${bot.id}/events`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.token}` },
      body: EVENT_BODY,
      rate: s.eventRate,
    } satisfies ChaosRateJob);
    const startedAt = Date.now();
    await sleepUntil(startedAt + s.beforeMs);
    const downAt = Date.now();
    await w.receiver.call('mode', 'error');
    await sleepUntil(downAt + s.outageMs / 2);
    await w.receiver.call('mode', 'refuse');
    await sleepUntil(downAt + s.outageMs - 1000);
    // What the breaker did, seen a second before the receivers come back.
    const during = await Promise.all(
      SUBSCRIPTIONS.map((sub) => w.api.call<SubscriptionView>('GET', `/bots/${bot.id}/subscriptions/${subs[sub.stream]}`)),
    );
    await sleepUntil(downAt + s.outageMs);
    await w.receiver.call('mode', 'up');
    const upAt = Date.now();
    run.say(
      `  receivers back; the breaker had ${during.map((v, i) => `${SUBSCRIPTIONS[i]!.stream} ${v.enabled ? 'closed (enabled)' : `open (${v.disabledReason ?? 'disabled'})`}`).join(', ')}`,
    );
    const [callsOut, eventsOut] = await Promise.all([calls, events]);
    const accepted = (out: Outcomes, status: number) => {
      const seqs: number[] = [];
      for (let i = 0; i < out.status.length; i++) if (out.status[i] === status) seqs.push(out.firstSeq + i);
      return seqs;
    };
    const ackedCalls = accepted(callsOut, 202);
    const ackedEvents = accepted(eventsOut, 202);
    const statuses = {
      calls: countBy(callsOut.status.keys(), (i) => outcomeLabel(callsOut.status[i]!, callsOut.problem[i]!)),
      events: countBy(eventsOut.status.keys(), (i) => outcomeLabel(eventsOut.status[i]!, eventsOut.problem[i]!)),
    };
    run.say(
      `  calls ${describeCounts(statuses.calls)} (${num(callsOut.achievedRate, 1)}/s); events ${describeCounts(statuses.events)} ` +
        `(${num(eventsOut.achievedRate, 1)}/s); waiting for the drain (up to ${s.drainTimeoutMs / 1000} s)…`,
    );
    await w.receiver.call('expect', { name: 'replies', seqs: ackedCalls });
    for (const sub of SUBSCRIPTIONS) await w.receiver.call('expect', { name: sub.stream, seqs: ackedEvents });
    const drain = await waitForDrain(w.receiver, ['replies', ...SUBSCRIPTIONS.map((x) => x.stream)], s.drainTimeoutMs);
    const after = await Promise.all(
      SUBSCRIPTIONS.map((sub) => w.api.call<SubscriptionView>('GET', `/bots/${bot.id}/subscriptions/${subs[sub.stream]}`)),
    );

    const store = await openStore(w.redis.url, PREFIX);
    const activity = await store.activity(block.botId, block.webhookId);
    const eventStream = await store.events(bot.id, 'lead.created');
    const callPosition = new Map(activity.map((a, i) => [a.seq, i]));
    const eventPosition = new Map(eventStream.map((e, i) => [e.seq, i]));
    const contactOf = (seq: number) => seq % s.contacts;

    const results: Record<
      string,
      { delivered: number; expected: number; lost: number; outOfOrder: number; duplicates: number; drainMs: number }
    > = {};
    const measure = async (stream: string, expected: number[], position: Map<number, number>) => {
      const report = await w.receiver.call<StreamReport>('report', stream);
      const arrived = new Set(report.arrivals);
      const lost = expected.filter((seq) => !arrived.has(seq));
      const d = drain[stream]!;
      results[stream] = {
        delivered: expected.length - lost.length,
        expected: expected.length,
        lost: lost.length,
        outOfOrder: outOfOrder(report.arrivals, position, contactOf),
        duplicates: report.duplicates,
        drainMs: d.complete ? d.lastExpectedAt - upAt : Number.NaN,
      };
      return lost;
    };
    const lostReplies = await measure('replies', ackedCalls, callPosition);
    for (const sub of SUBSCRIPTIONS) await measure(sub.stream, ackedEvents, eventPosition);
    const notStoredCalls = ackedCalls.filter((seq) => callPosition.get(seq) === undefined).length;
    const notStoredEvents = ackedEvents.filter((seq) => eventPosition.get(seq) === undefined).length;
    const replyBreakdown = lostReplies.length ? await lostBreakdown(store, block.botId, activity, lostReplies) : {};
    await store.close();
    const deliveryStates: Record<string, unknown> = {};
    for (const sub of SUBSCRIPTIONS) {
      if (results[sub.stream]!.lost === 0) continue;
      // Where the missing deliveries are (first page of each status), for the report.
      for (const status of ['failed', 'paused', 'pending']) {
        const page = await w.api
          .call<{ data: unknown[] }>('GET', `/bots/${bot.id}/subscriptions/${subs[sub.stream]}/deliveries?status=${status}&limit=100`)
          .catch((err: unknown) => ({ data: [], error: String(err) }));
        deliveryStates[`${sub.stream} ${status} (first page)`] = page.data.length;
      }
    }
    const crashes = w.hookgate.crashes.length;
    run.crashes.receiver = crashes;
    for (const [stream, r] of Object.entries(results)) {
      run.say(
        `  ${stream}: ${num(r.delivered)} of ${num(r.expected)} delivered, lost ${r.lost}, out of order ${r.outOfOrder}, duplicates ` +
          `${r.duplicates}, drain ${seconds(r.drainMs)} after the receivers came back`,
      );
    }
    run.figures.receiver = {
      settings: s,
      downAt,
      upAt,
      breakerDuringOutage: Object.fromEntries(during.map((v, i) => [SUBSCRIPTIONS[i]!.stream, v])),
      subscriptionsAfterDrain: Object.fromEntries(after.map((v, i) => [SUBSCRIPTIONS[i]!.stream, v])),
      calls: { statuses: statuses.calls, achievedRate: callsOut.achievedRate, acknowledged: ackedCalls.length, notStored: notStoredCalls },
      events: { statuses: statuses.events, achievedRate: eventsOut.achievedRate, accepted: ackedEvents.length, notStored: notStoredEvents },
      results,
      undeliveredRepliesByStoredStatus: replyBreakdown,
      undeliveredEventDeliveries: deliveryStates,
      drain,
      drainTimeoutMs: s.drainTimeoutMs,
      unexpectedExits: w.hookgate.crashes,
    };
    const label = `3 receiver down ${s.outageMs / 1000} s`;
    const row = (measure: string, stream: string, orderingGoal: boolean) => {
      const r = results[stream]!;
      const lostOk = r.lost === 0 && (stream === 'replies' ? notStoredCalls === 0 : notStoredEvents === 0);
      run.rows.push({
        scenario: label,
        measure,
        value: `${num(r.delivered)} of ${num(r.expected)}; ${num(r.lost)}; ${num(r.outOfOrder)}`,
        goal: orderingGoal ? '0 lost; 0 out of order' : '0 lost',
        met: lostOk && (!orderingGoal || r.outOfOrder === 0),
      });
    };
    row('replies: delivered; lost; out of order', 'replies', true);
    row('events per-contact: delivered; lost; out of order', 'ordered', true);
    row('events unordered: delivered; lost; out of order', 'unordered', false);
    const breakerOpened = during.filter((v) => !v.enabled).length;
    run.rows.push({
      scenario: label,
      measure: 'drain after the receivers are back',
      value:
        `replies ${seconds(results.replies!.drainMs)}, events ${seconds(Math.max(results.ordered!.drainMs, results.unordered!.drainMs))}` +
        ` (breaker opened on ${breakerOpened} of 2)`,
      goal: `all within ${s.drainTimeoutMs / 1000} s`,
      met: Object.values(drain).every((d) => d.complete),
    });
  } finally {
    await Promise.allSettled([loadgen?.stop(), world?.close()]);
  }
}
