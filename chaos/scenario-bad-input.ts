/**
 * Scenario 4: 100,000 generated bad requests (chaos/bad-cases.ts) over raw sockets at the inbound
 * and admin routes of one Hookgate process. Figures: 5xx answers, crashes (the process exiting),
 * error answers that are not problem+json where a response was written, and the process's memory
 * (RSS before and after, and its peak). A valid call before and after shows it still serves.
 */

import { BENCH_WORKSPACE, createInboundBlock } from '../bench/api.ts';
import { type BenchChild, readMemory, sampleMemory } from '../bench/processes.ts';
import { deriveKeys } from '../src/lib/crypto.ts';
import { AdminTokens } from '../src/lib/tokens.ts';
import type { FloodJob } from './bad-requests.ts';
import { createWorld, type Run, type World } from './context.ts';
import { type FloodResult, mergeFloods } from './flood-result.ts';
import { forkChaosChild } from './processes.ts';
import { num } from './report.ts';

const MB = 1_000_000;
const GOOD_BODY = JSON.stringify({ contact_reference_id: '+14155000001', data: { name: 'Ada', order_id: 'A-1' } });

async function validCall(url: string, token: string): Promise<number> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: GOOD_BODY,
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

interface HeapFigures {
  used: number;
  total: number;
  external: number;
}

/** The process's V8 heap (used and total) and external memory, from its /metrics; null if unread. */
async function heapFigures(baseUrl: string): Promise<HeapFigures | null> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    const figures = {
      used: read('nodejs_heap_size_used_bytes'),
      total: read('nodejs_heap_size_total_bytes'),
      external: read('nodejs_external_memory_bytes'),
    };
    return Object.values(figures).every(Number.isFinite) ? figures : null;
  } catch {
    return null;
  }
}

export async function badInputScenario(run: Run): Promise<void> {
  const s = run.settings.bad;
  let world: World | null = null;
  let flooder: BenchChild | null = null;
  try {
    world = await createWorld(run, 'bad-input', { persistentRedis: false });
    const spec = {
      channel: { channel: 'sandbox', alias: 'box' },
      variables: [{ data: 'data.name', variable: 'name' }],
      reply: 'Hi {{name}}',
    };
    const block = await createInboundBlock(world.api, 'Chaos bad input', spec);
    const other = await createInboundBlock(world.api, 'Chaos bad input (other)', spec);
    const readToken = await new AdminTokens(deriveKeys(run.secret).admin, { jwksUrl: null, maxLifetimeSeconds: 366 * 24 * 3600 }).mint(
      { workspaceId: BENCH_WORKSPACE, scope: 'read' },
      3600,
    );
    // Warm the process up with valid calls first, so its memory is measured from a steady state.
    for (let i = 0; i < 200; i++) await validCall(block.url, block.token);
    const before = await validCall(block.url, block.token);
    const pid = world.hookgate.process!.pid;
    const rssBefore = readMemory(pid);
    flooder = await forkChaosChild('bad requests', 'bad-requests.ts');
    run.say(`4 bad requests: ${num(s.total)} (${s.slow} of them slow) in ${s.rounds} rounds, ${s.concurrency} connections at a time…`);
    const memory = sampleMemory(pid, 500);
    const context = {
      host: `127.0.0.1:${world.hookgate.port}`,
      webhookId: block.webhookId,
      token: block.token,
      otherToken: other.token,
      adminToken: world.token,
      readToken,
    };
    // In rounds, with the RSS after each: a leak grows it round after round, a heap settling at a
    // new size grows it in the first rounds only.
    const rounds: FloodResult[] = [];
    const rssAfterRounds: number[] = [];
    const heapAfterRounds: (HeapFigures | null)[] = [];
    for (let r = 0; r < s.rounds; r++) {
      // Round r's part of n cases, and where it starts: the rounds together are the one flood's cases.
      const start = (n: number) => Math.floor((n * r) / s.rounds);
      const share = (n: number) => Math.floor((n * (r + 1)) / s.rounds) - start(n);
      const fast = s.total - s.slow;
      const job: FloodJob = {
        port: world.hookgate.port,
        total: share(fast) + share(s.slow),
        firstFast: start(fast),
        firstSlow: start(s.slow),
        concurrency: s.concurrency,
        slow: share(s.slow),
        context,
      };
      rounds.push(await flooder.call<FloodResult>('flood', job));
      rssAfterRounds.push(readMemory(pid)?.rss ?? Number.NaN);
      const heap = await heapFigures(world.hookgate.baseUrl);
      heapAfterRounds.push(heap);
      run.say(
        `  round ${r + 1}: ${num(rounds[r]!.sent)} sent, RSS ${num(rssAfterRounds[r]! / MB)} MB` +
          (heap ? `, heap used ${num(heap.used / MB)} of ${num(heap.total / MB)} MB, external ${num(heap.external / MB)} MB` : ''),
      );
    }
    const result = mergeFloods(rounds);
    const mem = memory.stop();
    const after = await validCall(block.url, block.token);
    const rssAfter = readMemory(pid);
    const crashes = world.hookgate.crashes.length;
    run.crashes['bad-input'] = crashes;
    const growth = rssBefore && rssAfter ? (rssAfter.rss - rssBefore.rss) / MB : Number.NaN;
    run.say(
      `  ${num(result.sent)} in ${result.seconds.toFixed(1)} s (${num(result.perSecond)}/s): 5xx ${result.fiveXx}, not problem+json ` +
        `${result.notProblemJson}, closed without an answer ${result.closedWithoutAnswer}, no answer ${result.noAnswer}, 2xx ` +
        `${result.success}; unexpected exits ${crashes}; a valid call ${before} before, ${after} after; RSS ` +
        `${num((rssBefore?.rss ?? Number.NaN) / MB)} → ${num((rssAfter?.rss ?? Number.NaN) / MB)} MB, peak ${num((mem.peak ?? Number.NaN) / MB)} MB`,
    );
    for (const sample of result.samples.slice(0, 12)) {
      run.say(
        `    ${sample.what} (${sample.kind}): ${JSON.stringify(sample.request.slice(0, 120))} → ${JSON.stringify(sample.response.slice(0, 160))}`,
      );
    }
    run.figures['bad-input'] = {
      settings: s,
      result,
      validCall: { before, after },
      memory: {
        rssBeforeBytes: rssBefore?.rss ?? null,
        rssAfterBytes: rssAfter?.rss ?? null,
        rssAfterRoundsBytes: rssAfterRounds,
        heapAfterRoundsBytes: heapAfterRounds,
        maxSampledRssBytes: mem.maxSampledRss,
        peakBytes: mem.peak,
      },
      unexpectedExits: world.hookgate.crashes,
    };
    const label = `4 ${num(result.sent)} bad requests in ${s.rounds} rounds`;
    run.rows.push(
      { scenario: label, measure: '5xx answers', value: num(result.fiveXx), goal: '0', met: result.fiveXx === 0 },
      {
        scenario: label,
        measure: 'crashes; a valid call after',
        value: `${num(crashes)}; ${after || 'no answer'}`,
        goal: '0; 202',
        met: crashes === 0 && after === 202,
      },
      {
        scenario: label,
        measure: 'answers not problem+json',
        value: `${num(result.notProblemJson)} (${num(result.closedWithoutAnswer)} closed unanswered, ${num(result.noAnswer)} unanswered)`,
        goal: '0',
        met: result.notProblemJson === 0,
      },
      {
        scenario: label,
        measure: 'RSS growth (before → after, peak)',
        value: `${Number.isFinite(growth) ? `${growth >= 0 ? '+' : ''}${num(growth)}` : 'n/a'} MB (${num((rssBefore?.rss ?? Number.NaN) / MB)} → ${num((rssAfter?.rss ?? Number.NaN) / MB)}, ${num((mem.peak ?? Number.NaN) / MB)})`,
        goal: '—',
        met: null,
      },
      {
        scenario: label,
        measure: `RSS after each of ${s.rounds} rounds, MB`,
        value: rssAfterRounds.map((rss) => num(rss / MB)).join(', '),
        goal: '—',
        met: null,
      },
    );
  } finally {
    await Promise.allSettled([flooder?.stop(), world?.close()]);
  }
}
