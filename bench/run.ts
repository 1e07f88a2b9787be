/**
 * `npm run bench [-- --quick] [-- --only 1,3] [-- --private-redis] [-- --only scale [--cluster]]`:
 * Hookgate side by side with its limit, in one run.
 *
 * 1. Inbound throughput: autocannon (closed loop, same connections, body and duration; a new contact
 *    per call) against `POST /hooks/{id}` of Hookgate in role api and in role all (sandbox account,
 *    three mappings, real Redis; in role all the process also delivers the replies), against the
 *    **durable floor** (bench/bare.ts appending the raw body to a Redis stream with one XADD, awaited,
 *    before its 202) and against the bare Hono app (the same without the XADD), in rounds that
 *    alternate the order. Per request: the server's, the generator's and Redis's CPU, and Redis's
 *    commands and execution time (INFO commandstats, bench/redis-cost.ts). Then the cost per
 *    delivered reply: replies queued in role api, drained by one role-worker process into the fake
 *    WhatsApp (bench/fake-whatsapp.ts).
 * 2. Inbound latency at half load: bench/loadgen.ts at a fixed arrival rate of 50 % of scenario 1's
 *    Hookgate (role api) saturation, against Hookgate, the durable floor and the bare app.
 * 3. End to end: 1,000 calls/s into a block whose WhatsApp account points at bench/fake-whatsapp.ts
 *    (HOOKGATE_ROLE=all); latency = provider arrival − the call's send time (carried in the body).
 *    Limit: the same generator posting the same WhatsApp payload straight to the fake.
 * 4. Outbound: N events × M subscriptions into bench/sink.ts, from the first publish to the last
 *    delivery; limit: Hookgate's HttpClient posting as many signed bodies (bench/raw-client.ts).
 * 5. Cost growth: scenario 1's Hookgate measurement on an empty store, then again (a fresh process)
 *    over a store seeded with 100,000 webhooks and 1,000,000 contacts.
 * 6. Memory: the Hookgate process's peak RSS (VmHWM) over scenario 1; limit: the bare app's.
 * scale (only when named): calls/s with 1 and 2 separate API processes (load split between them),
 *    replies delivered/s with 1 and 2 worker processes draining the same backlog; against REDIS_URL,
 *    or with --cluster a local Redis Cluster of 3 masters started and removed by the bench.
 *
 * Scenarios 2 and 6 need scenario 1's figures, so selecting one of them runs scenario 1 too.
 * Each scenario group uses its own Redis key prefix under this run's id; every key and process the
 * bench creates is removed at the end, also on failure or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { AdminApi, adminToken, createInboundBlock, type InboundBlock, type InboundBlockSpec } from './api.ts';
import { type SaturationJob, type SaturationResult, saturate } from './autocannon.ts';
import type { FakeReport } from './fake-whatsapp.ts';
import type { BurstJob, LoadResult, RateJob } from './loadgen.ts';
import { type BenchChild, forkChild, killAll, REPO_ROOT, readCpuMs, type ServiceProcess, sampleMemory, startService } from './processes.ts';
import type { RawJob, RawResult } from './raw-client.ts';
import { connectBenchRedis, deleteKeysStartingWith, type RedisClient, type SeedResult, seedLargeStore, sweepStaleRuns } from './redis.ts';
import {
  counterDelta,
  describeCost,
  type RedisCost,
  type RedisCounters,
  readAllRedisCounters,
  redisCost,
  sumCounters,
} from './redis-cost.ts';
import { type BenchRedis, connectNodes, startLocalCluster, startPrivateRedis } from './redis-servers.ts';
import { ms, num, type Percentiles, percentiles, type Row, ratio, renderTable } from './report.ts';
import { describeProfile, type ScriptProfile, startScriptProfile } from './script-profile.ts';
import { FAKE_ACCESS_TOKEN, FAKE_PHONE_NUMBER_ID } from './shared.ts';
import type { SinkStats } from './sink.ts';
import { describeStalls, watchStalls } from './stalls.ts';

// ---------------------------------------------------------------------------------------------
// Settings

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    cluster: { type: 'boolean', default: false },
    'private-redis': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  process.stdout.write(
    [
      'usage: npm run bench [-- --quick] [-- --only 1,3] [-- --private-redis] [-- --only scale [--cluster]]',
      '  --quick          short durations and smaller seeds (a fast check, not figures to publish)',
      '  --only           scenarios to run: 1 to 6 and scale (2 and 6 also run 1; scale runs only when named)',
      "  --private-redis  start a redis-server of the run's own instead of using REDIS_URL (clean Redis counters)",
      '  --cluster        with scale: against a local Redis Cluster of 3 masters the bench starts and removes',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const FULL = {
  connections: 32,
  /** Scenario 1: rounds over its four targets, every other one in reverse order. */
  inboundRounds: 2,
  /** Replies queued and then drained by worker processes (scenario 1's cost per reply, scale). */
  drainReplies: 30_000,
  drainContacts: 10_000,
  drainBots: 32,
  saturationSeconds: 10,
  warmupSeconds: 2,
  halfLoadMs: 10_000,
  /**
   * Requests a fresh generator sends before scenario 2 measures. V8 compiles a hot path with its
   * optimizing tier only after about ten thousand requests, on background threads that take the
   * second core for about half a second; a warm-up shorter than that puts the generator's own
   * compilation in the first measurement (bench/README.md, "JIT warm-up").
   */
  generatorWarmupRequests: 15_000,
  e2eRate: 1000,
  e2eMs: 20_000,
  e2eWarmupMs: 15_000,
  e2eContacts: 10_000,
  outboundEvents: 2000,
  outboundSubscriptions: 5,
  outboundConcurrency: 32,
  seedBots: 1000,
  seedWebhooks: 100_000,
  seedContacts: 1_000_000,
};
const QUICK: typeof FULL = {
  ...FULL,
  saturationSeconds: 3,
  warmupSeconds: 1,
  inboundRounds: 1,
  drainReplies: 6000,
  halfLoadMs: 3000,
  generatorWarmupRequests: 3000,
  e2eMs: 5000,
  e2eWarmupMs: 1000,
  e2eContacts: 2000,
  outboundEvents: 300,
  seedBots: 100,
  seedWebhooks: 10_000,
  seedContacts: 100_000,
};
const S = flags.quick ? QUICK : FULL;

const ALL = [1, 2, 3, 4, 5, 6];
const selected = new Set<number>();
let scaleSelected = false;
for (const part of (flags.only ?? ALL.join(',')).split(',')) {
  if (part.trim() === 'scale') {
    scaleSelected = true;
    continue;
  }
  const n = Number(part.trim());
  if (!ALL.includes(n)) {
    process.stderr.write(`bench: --only takes scenario numbers 1 to 6 and scale, e.g. --only 1,3 (got '${part}')\n`);
    process.exit(2);
  }
  selected.add(n);
}
if (selected.has(2) || selected.has(6)) selected.add(1);
if (flags.cluster && !scaleSelected) {
  process.stderr.write('bench: --cluster goes with --only scale\n');
  process.exit(2);
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** The Redis every scenario uses: REDIS_URL's, or the run's own with --private-redis (set in main()). */
let REDIS: BenchRedis = { url: process.env.REDIS_URL || DEFAULT_REDIS_URL, env: {}, nodes: [], close: async () => {} };
const RUN_PREFIX = 'hgb';
const RUN_ID = `${RUN_PREFIX}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const SECRET = randomBytes(36).toString('base64url');

// Scenario 1 and 5: one body for every call (same contact → one lane; no worker runs in role api).
const INBOUND_BODY = JSON.stringify({
  contact_reference_id: '+15550001234',
  event: 'order.shipped',
  data: {
    name: 'Ada Lovelace',
    order_id: 'A-10001',
    total: 42.5,
    currency: 'EUR',
    items: [
      { sku: 'SKU-1', qty: 2 },
      { sku: 'SKU-7', qty: 1 },
    ],
  },
});
// Scenarios 1 and 2 (and scale): the same body with a new contact per call (autocannon's `-I` makes
// `[<id>]` a random id; the load generator's `__CONTACT__` cycles through a million numbers), so
// that in role all the worker has as many lanes to deliver as a real bot would.
const SCENARIO1_BODY = INBOUND_BODY.replace('+15550001234', 'c-[<id>]');
const SCENARIO2_BODY = INBOUND_BODY.replace('+15550001234', '__CONTACT__');
const INBOUND_SPEC: InboundBlockSpec = {
  channel: { channel: 'sandbox', alias: 'bench' },
  variables: [
    { data: 'data.name', variable: 'customer_name' },
    { data: 'data.order_id', variable: 'order_id' },
    { data: '$.data.items[0].sku', variable: 'first_sku' },
  ],
  reply: 'Hi {{customer_name}}, order {{order_id}} ({{first_sku}}) has shipped.',
};

// ---------------------------------------------------------------------------------------------
// Bookkeeping

const rows: Row[] = [];
const figures: Record<string, unknown> = {};
const failures: { scenario: string; error: string }[] = [];
let redis: RedisClient | null = null;
const started = performance.now();

function say(message: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(0).padStart(3);
  process.stderr.write(`bench ${t}s  ${message}\n`);
}

function hookgateEnv(prefix: string, role: 'api' | 'all' | 'worker', target: BenchRedis = REDIS): Record<string, string> {
  return {
    ...target.env,
    REDIS_URL: target.url,
    HOOKGATE_SECRET: SECRET,
    HOOKGATE_REDIS_PREFIX: prefix,
    HOOKGATE_ROLE: role,
    HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
    LOG_LEVEL: 'warn',
  };
}

function startHookgate(prefix: string, role: 'api' | 'all', target: BenchRedis = REDIS): Promise<ServiceProcess> {
  return startService(`hookgate (${role})`, 'src/main.ts', hookgateEnv(prefix, role, target));
}

interface MeasuredSaturation extends SaturationResult {
  /** 2xx responses, warm-up included (the warm-up's own non-2xx are not reported by autocannon). */
  accepted: number;
  /** CPU time of the server processes over the run, warm-up included, µs. */
  cpuMicros: number;
  cpuMicrosPerRequest: number;
  generatorCpuMicrosPerRequest: number;
  /** Redis's counters over the run (every client of that Redis counts). */
  redisDelta: RedisCounters;
}

/**
 * Autocannon runs at once (one per job, each in its own process) against servers, with the servers'
 * CPU time, the generators' and Redis's counters over them. Several jobs: rates and counts added,
 * latencies the worst job's.
 */
async function measureSaturation(
  servers: ServiceProcess[],
  jobs: SaturationJob[],
  counterClients: RedisClient[] = [redis!],
): Promise<MeasuredSaturation> {
  const cpu = () => servers.reduce((n, s) => n + (readCpuMs(s.pid) ?? NaN), 0);
  const redisBefore = await readAllRedisCounters(counterClients);
  const before = cpu();
  const results = await Promise.all(jobs.map((job) => saturate(job)));
  const after = cpu();
  const redisDelta = counterDelta(redisBefore, await readAllRedisCounters(counterClients));
  const total = (f: (r: SaturationResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const worst = (f: (r: SaturationResult) => number) => Math.max(...results.map(f));
  const requests = total((r) => r.totalRequests + r.warmupRequests);
  const generatorCpu = results.every((r) => r.generatorCpuMicros !== null) ? total((r) => r.generatorCpuMicros!) : NaN;
  const statusCodes: Record<string, number> = {};
  for (const r of results) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    requestsPerSecond: total((r) => r.requestsPerSecond),
    totalRequests: total((r) => r.totalRequests),
    warmupRequests: total((r) => r.warmupRequests),
    durationSeconds: worst((r) => r.durationSeconds),
    latencyMs: {
      p50: worst((r) => r.latencyMs.p50),
      p90: worst((r) => r.latencyMs.p90),
      p99: worst((r) => r.latencyMs.p99),
      max: worst((r) => r.latencyMs.max),
      average:
        total((r) => r.latencyMs.average * r.totalRequests) /
        Math.max(
          1,
          total((r) => r.totalRequests),
        ),
    },
    errors: total((r) => r.errors),
    non2xx: total((r) => r.non2xx),
    socketErrors: total((r) => r.socketErrors),
    timeouts: total((r) => r.timeouts),
    statusCodes,
    generatorCpuMicros: generatorCpu,
    accepted: requests - total((r) => r.errors),
    cpuMicros: (after - before) * 1000,
    cpuMicrosPerRequest: requests > 0 ? ((after - before) * 1000) / requests : NaN,
    generatorCpuMicrosPerRequest: requests > 0 ? generatorCpu / requests : NaN,
    redisDelta,
  };
}

/** Scenario 5's autocannon run against one server, with the server process's CPU time per request. */
function saturateMeasuringCpu(server: ServiceProcess, url: string, token: string): Promise<MeasuredSaturation> {
  return measureSaturation([server], [inboundJob(url, token)]);
}

function inboundJob(url: string, token: string, body = INBOUND_BODY, idReplacement = false): SaturationJob {
  return {
    url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    idReplacement,
    connections: S.connections,
    durationSeconds: S.saturationSeconds,
    warmupSeconds: S.warmupSeconds,
  };
}

const MB = 1_000_000;
const twoxx = (statuses: Record<string, number>) =>
  Object.entries(statuses).reduce((n, [code, c]) => (code.startsWith('2') ? n + c : n), 0);
const non2xx = (r: LoadResult) => r.completed - twoxx(r.statuses);
const describeSaturation = (r: MeasuredSaturation) =>
  `${num(r.requestsPerSecond)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms, errors ` +
  `${r.errors}, CPU per request: server ${num(r.cpuMicrosPerRequest)} µs, generator ${num(r.generatorCpuMicrosPerRequest)} µs, ` +
  `Redis ${num((r.redisDelta.cpuSeconds * 1e6) / Math.max(1, r.accepted))} µs`;

/** Deletes a scenario's keys; never throws (cleanup must not hide the scenario's own error). */
async function dropPrefix(prefix: string): Promise<void> {
  if (!redis) return;
  try {
    const n = await deleteKeysStartingWith(redis, `${prefix}:`);
    if (n) say(`deleted ${num(n)} keys under ${prefix}`);
  } catch (err) {
    say(`could not delete the keys under ${prefix}: ${String(err)}`);
  }
}

async function stopAll(...processes: ({ stop(): Promise<void> } | null)[]): Promise<void> {
  await Promise.allSettled(processes.map((p) => p?.stop()));
}

// ---------------------------------------------------------------------------------------------
// Scenarios 1, 2 and 6

type InboundTarget = 'floor' | 'api' | 'all' | 'bare';
const TARGET_LABEL: Record<InboundTarget, string> = {
  floor: 'the durable floor (bare app + one XADD)',
  api: 'Hookgate (role api)',
  all: 'Hookgate (role all)',
  bare: 'the bare Hono app',
};

interface InboundRun extends MeasuredSaturation {
  /** role all: replies the process delivered to the sandbox account during the run (warm-up included). */
  repliesDelivered: number | null;
  /** role all: seconds after the run until the process had delivered every queued reply. */
  drainSeconds: number | null;
}

/** Several runs of one target as one figure: means of rates and percentiles, totals for costs. */
function combineRuns(runs: InboundRun[], directCommands: string[] = []) {
  const mean = (f: (r: InboundRun) => number) => runs.reduce((n, r) => n + f(r), 0) / runs.length;
  const total = (f: (r: InboundRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const requests = total((r) => r.totalRequests + r.warmupRequests);
  const accepted = total((r) => r.accepted);
  const delivered = runs.every((r) => r.repliesDelivered !== null) ? total((r) => r.repliesDelivered!) : null;
  return {
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    requestsPerSecondEachRun: runs.map((r) => r.requestsPerSecond),
    latencyMs: { p50: mean((r) => r.latencyMs.p50), p99: mean((r) => r.latencyMs.p99), max: Math.max(...runs.map((r) => r.latencyMs.max)) },
    errors: total((r) => r.errors),
    accepted,
    cpuMicrosPerRequest: total((r) => r.cpuMicros) / requests,
    generatorCpuMicrosPerRequest: runs.every((r) => r.generatorCpuMicros !== null) ? total((r) => r.generatorCpuMicros!) / requests : NaN,
    redis: redisCost(sumCounters(runs.map((r) => r.redisDelta)), accepted, directCommands),
    repliesDelivered: delivered,
    drainSeconds: runs.every((r) => r.drainSeconds !== null) ? mean((r) => r.drainSeconds!) : null,
    runs,
  };
}

/** A process's `hookgate_replies_total{…result="sent"}` (all channels), from its /metrics. */
async function repliesSent(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  let n = 0;
  for (const m of text.matchAll(/^hookgate_replies_total\{[^}]*result="sent"[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

/**
 * Waits until a process in role all has sent a reply for every call it accepted (its own counters:
 * `hookgate_replies_total{result="sent"}` against `hookgate_inbound_calls_total{outcome="accepted"}`);
 * returns the seconds waited. Its worker keeps delivering the backlog a saturation run leaves, which
 * must not land in the next target's run. (The `hookgate_reply_queue_bots` gauge is no help here: a
 * bot can stay on the scheduler, without work, until a lane lease of an overlapping pass runs out.)
 */
async function waitForRepliesDrained(baseUrl: string, timeoutMs = 180_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    let accepted = 0;
    for (const m of text.matchAll(/^hookgate_inbound_calls_total\{[^}]*outcome="accepted"[^}]*\} (\d+)/gm)) accepted += Number(m[1]);
    let sent = 0;
    for (const m of text.matchAll(/^hookgate_replies_total\{[^}]*result="sent"[^}]*\} (\d+)/gm)) sent += Number(m[1]);
    if (sent >= accepted) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs)
      throw new Error(`${accepted - sent} replies still unsent ${timeoutMs / 1000} s after the role all run`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function inboundScenarios(): Promise<void> {
  const prefix = `${RUN_ID}-s1`;
  const allPrefix = `${RUN_ID}-s1a`;
  const floorKey = `${prefix}:floor`;
  let hookgate: ServiceProcess | null = null;
  let hookgateAll: ServiceProcess | null = null;
  let bare: ServiceProcess | null = null;
  let floor: ServiceProcess | null = null;
  let loadgen: BenchChild | null = null;
  try {
    hookgate = await startHookgate(prefix, 'api');
    hookgateAll = await startHookgate(allPrefix, 'all');
    bare = await startService('bare hono', 'bench/bare.ts', {});
    floor = await startService('durable floor', 'bench/bare.ts', { FLOOR_REDIS_URL: REDIS.url, FLOOR_STREAM_KEY: floorKey });
    const block = await createInboundBlock(new AdminApi(hookgate.baseUrl, await adminToken(SECRET)), 'Bench inbound', INBOUND_SPEC);
    const blockAll = await createInboundBlock(
      new AdminApi(hookgateAll.baseUrl, await adminToken(SECRET)),
      'Bench inbound (role all)',
      INBOUND_SPEC,
    );
    const servers: Record<InboundTarget, { process: ServiceProcess; url: string; token: string }> = {
      floor: { process: floor, url: `${floor.baseUrl}/hooks/${block.webhookId}`, token: block.token },
      api: { process: hookgate, url: block.url, token: block.token },
      all: { process: hookgateAll, url: blockAll.url, token: blockAll.token },
      bare: { process: bare, url: `${bare.baseUrl}/hooks/${block.webhookId}`, token: block.token },
    };
    const order: InboundTarget[] = ['floor', 'api', 'all', 'bare'];

    say(
      `1 inbound throughput: autocannon -c ${S.connections}, ${S.warmupSeconds} s warm-up + ${S.saturationSeconds} s per run, a new ` +
        `contact per call, ${S.inboundRounds} round(s) alternating the durable floor, Hookgate (role api), Hookgate (role all) ` +
        `and the bare app…`,
    );
    const hgMemory = sampleMemory(hookgate.pid);
    const bareMemory = sampleMemory(bare.pid);
    const runs: Record<InboundTarget, InboundRun[]> = { floor: [], api: [], all: [], bare: [] };
    for (let round = 0; round < S.inboundRounds; round++) {
      // Every other round in reverse, so no target always runs first (fresh) or last (warm machine, full Redis).
      for (const target of round % 2 === 0 ? order : [...order].reverse()) {
        const t = servers[target];
        const sentBefore = target === 'all' ? await repliesSent(t.process.baseUrl) : 0;
        const run = await measureSaturation([t.process], [inboundJob(t.url, t.token, SCENARIO1_BODY, true)]);
        const repliesDelivered = target === 'all' ? (await repliesSent(t.process.baseUrl)) - sentBefore : null;
        const drainSeconds = target === 'all' ? await waitForRepliesDrained(t.process.baseUrl) : null;
        runs[target].push({ ...run, repliesDelivered, drainSeconds });
        say(
          `  ${TARGET_LABEL[target]}: ${describeSaturation(run)}` +
            (repliesDelivered === null
              ? ''
              : `; ${num(repliesDelivered)} replies delivered meanwhile, the rest ${drainSeconds!.toFixed(1)} s after the run`),
        );
        // The floor's stream holds every body it took; emptied between runs, so runs start alike.
        if (target === 'floor') await redis!.del(floorKey);
      }
    }
    const hgMem = hgMemory.stop();
    const bareMem = bareMemory.stop();
    const r = {
      floor: combineRuns(runs.floor, ['xadd']),
      api: combineRuns(runs.api),
      all: combineRuns(runs.all),
      bare: combineRuns(runs.bare),
    };
    // Which scripts the time goes to: a short extra run with Redis logging every command (kept out of the figures).
    let apiProfile: ScriptProfile | null = null;
    if (flags['private-redis']) {
      const profiling = await startScriptProfile(redis!);
      await saturate({ ...inboundJob(block.url, block.token, SCENARIO1_BODY, true), durationSeconds: 1, warmupSeconds: 0 });
      apiProfile = await profiling.stop();
    }
    say(`  Hookgate (role api) ${describeCost(r.api.redis, 'accepted call')}`);
    if (apiProfile)
      say(`  Hookgate (role api) Redis executing per call by script, SLOWLOG over ${describeProfile(apiProfile, 'accept-inbound')}`);
    say(`  Hookgate (role all) ${describeCost(r.all.redis, 'accepted call')}`);
    say(`  durable floor ${describeCost(r.floor.redis, 'accepted call')}`);
    figures['1'] = {
      connections: S.connections,
      durationSeconds: S.saturationSeconds,
      warmupSeconds: S.warmupSeconds,
      rounds: S.inboundRounds,
      channel: 'sandbox',
      body: SCENARIO1_BODY,
      hookgateApi: { ...r.api, scriptProfile: apiProfile },
      hookgateAll: r.all,
      floor: r.floor,
      bare: r.bare,
    };
    const cpuRow = (label: string, f: (x: ReturnType<typeof combineRuns>) => number, hg: ReturnType<typeof combineRuns>): Row => ({
      scenario: label,
      hookgate: num(f(hg), 1),
      limit: num(f(r.floor), 1),
      ratio: ratio(f(hg), f(r.floor)),
      goal: '—',
      met: null,
    });
    rows.push(
      {
        scenario: '1 inbound req/s (role api)',
        hookgate: num(r.api.requestsPerSecond),
        limit: num(r.floor.requestsPerSecond),
        ratio: ratio(r.api.requestsPerSecond, r.floor.requestsPerSecond),
        goal: '≥ 0.60× floor',
        met: r.api.requestsPerSecond >= 0.6 * r.floor.requestsPerSecond,
      },
      {
        scenario: '1 inbound req/s (role all)',
        hookgate: num(r.all.requestsPerSecond),
        limit: num(r.floor.requestsPerSecond),
        ratio: ratio(r.all.requestsPerSecond, r.floor.requestsPerSecond),
        goal: '≥ 0.60× floor',
        met: r.all.requestsPerSecond >= 0.6 * r.floor.requestsPerSecond,
      },
      {
        scenario: '1 role all: replies sent during the run',
        hookgate: r.all.repliesDelivered === null ? 'n/a' : num(r.all.repliesDelivered),
        limit: `${num(r.all.accepted)} accepted`,
        ratio: r.all.repliesDelivered === null ? 'n/a' : ratio(r.all.repliesDelivered, r.all.accepted),
        goal: '—',
        met: null,
      },
      {
        scenario: '1 floor req/s (limit: bare app)',
        hookgate: num(r.floor.requestsPerSecond),
        limit: num(r.bare.requestsPerSecond),
        ratio: ratio(r.floor.requestsPerSecond, r.bare.requestsPerSecond),
        goal: '—',
        met: null,
      },
      {
        scenario: '1 latency p50/p99/max ms (role api)',
        hookgate: `${num(r.api.latencyMs.p50)}/${num(r.api.latencyMs.p99)}/${num(r.api.latencyMs.max)}`,
        limit: `${num(r.floor.latencyMs.p50)}/${num(r.floor.latencyMs.p99)}/${num(r.floor.latencyMs.max)}`,
        ratio: ratio(r.api.latencyMs.p99, r.floor.latencyMs.p99),
        goal: '—',
        met: null,
      },
      cpuRow('1 server CPU µs per request (role api)', (x) => x.cpuMicrosPerRequest, r.api),
      cpuRow('1 server CPU µs per request (role all)', (x) => x.cpuMicrosPerRequest, r.all),
      cpuRow('1 Redis CPU µs per accepted call (api)', (x) => x.redis.cpuMicrosPerUnit, r.api),
      cpuRow('1 Redis CPU µs per accepted call (all)', (x) => x.redis.cpuMicrosPerUnit, r.all),
      cpuRow('1 Redis executing µs per call (api)', (x) => x.redis.execMicrosPerUnit, r.api),
      {
        scenario: '1 Redis commands per call (api; in scripts)',
        hookgate: `${num(r.api.redis.commandsPerUnit, 2)}; ${num(r.api.redis.scriptInnerCommandsPerUnit, 1)}`,
        limit: `${num(r.floor.redis.commandsPerUnit, 2)}; ${num(r.floor.redis.scriptInnerCommandsPerUnit, 1)}`,
        ratio: ratio(r.api.redis.commandsPerUnit, r.floor.redis.commandsPerUnit),
        goal: '—',
        met: null,
      },
      cpuRow('1 generator CPU µs per request (api)', (x) => x.generatorCpuMicrosPerRequest, r.api),
      {
        scenario: '1 errors (non-2xx + socket)',
        hookgate: `${num(r.api.errors)} api, ${num(r.all.errors)} all`,
        limit: num(r.floor.errors + r.bare.errors),
        ratio: '—',
        goal: '0',
        met: r.api.errors === 0 && r.all.errors === 0,
      },
    );

    // 6: the Hookgate process's peak over its life so far: start-up, set-up and scenario 1.
    if (selected.has(6)) {
      const hgPeak = hgMem.peak ?? NaN;
      const barePeak = bareMem.peak ?? NaN;
      figures['6'] = {
        hookgate: { vmHwmBytes: hgMem.peak, maxSampledRssBytes: hgMem.maxSampledRss },
        bare: { vmHwmBytes: bareMem.peak, maxSampledRssBytes: bareMem.maxSampledRss },
      };
      say(`6 memory: Hookgate peak RSS ${num(hgPeak / MB, 1)} MB, bare ${num(barePeak / MB, 1)} MB`);
      rows.push({
        scenario: '6 peak RSS MB (VmHWM)',
        hookgate: num(hgPeak / MB, 1),
        limit: num(barePeak / MB, 1),
        ratio: ratio(hgPeak, barePeak),
        goal: '≤ 200 MB',
        met: Number.isFinite(hgPeak) ? hgPeak <= 200 * MB : null,
      });
    }

    if (selected.has(2)) {
      const rate = Math.max(1, Math.round(r.api.requestsPerSecond / 2));
      // Hookgate is warm from scenario 1; the generator is a fresh process.
      const warmupMs = Math.max(S.warmupSeconds * 1000, Math.ceil((S.generatorWarmupRequests / rate) * 1000));
      say(
        `2 half load: ${num(rate)} calls/s, ${num(warmupMs / 1000, 1)} s warm-up + ${S.halfLoadMs / 1000} s (open loop, ≤ ${S.connections} ` +
          `connections), Hookgate (role api), then the durable floor, then the bare app…`,
      );
      loadgen = await forkChild('loadgen', 'loadgen.ts');
      const job = (url: string): RateJob => ({
        url,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${block.token}` },
        body: SCENARIO2_BODY,
        contacts: 1_000_000,
        rate,
        durationMs: S.halfLoadMs,
        // The generator is a fresh process: its own JIT warm-up and first connections would
        // otherwise land in the first target's measurement (wrk2 calibrates for the same reason).
        warmupMs,
        connections: S.connections,
      });
      const hgStalls = await watchStalls(hookgate.baseUrl, warmupMs);
      const hgRun = await loadgen.call<LoadResult>('rate', job(block.url));
      const stalls = await hgStalls.stop();
      const floorRun = await loadgen.call<LoadResult>('rate', job(servers.floor.url));
      await redis!.del(floorKey);
      const bareRun = await loadgen.call<LoadResult>('rate', job(servers.bare.url));
      const hgLat = percentiles(hgRun.latenciesMs);
      const floorLat = percentiles(floorRun.latenciesMs);
      const bareLat = percentiles(bareRun.latenciesMs);
      const hgErrors = non2xx(hgRun) + hgRun.socketErrors;
      const floorErrors = non2xx(floorRun) + floorRun.socketErrors;
      const bareErrors = non2xx(bareRun) + bareRun.socketErrors;
      const line = (l: Percentiles, run: LoadResult, errors: number) =>
        `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms, ${num(run.achievedRate)} req/s achieved, errors ${errors}`;
      say(`  Hookgate: ${line(hgLat, hgRun, hgErrors)}`);
      say(`  Hookgate ${describeStalls(stalls)}`);
      say(`  floor:    ${line(floorLat, floorRun, floorErrors)}`);
      say(`  bare:     ${line(bareLat, bareRun, bareErrors)}`);
      figures['2'] = {
        rate,
        durationMs: S.halfLoadMs,
        connections: S.connections,
        hookgate: { ...summary(hgRun, hgLat), stalls },
        floor: summary(floorRun, floorLat),
        bare: summary(bareRun, bareLat),
      };
      rows.push({
        scenario: `2 half load (${num(rate)}/s) p50/p99 ms`,
        hookgate: `${ms(hgLat.p50)}/${ms(hgLat.p99)}`,
        limit: `${ms(floorLat.p50)}/${ms(floorLat.p99)} floor`,
        ratio: ratio(hgLat.p99, floorLat.p99),
        goal: 'p99 ≤ 10 ms, 0 errors',
        met: hgLat.p99 <= 10 && hgErrors === 0,
      });
    }
  } finally {
    await stopAll(loadgen, hookgate, hookgateAll, bare, floor);
    await dropPrefix(prefix);
    await dropPrefix(allPrefix);
  }

  if (selected.has(1)) await replyCost();
}

function summary(run: LoadResult, lat: Percentiles) {
  const { latenciesMs: _omitted, ...rest } = run;
  return { ...rest, latencyMs: lat };
}

// ---------------------------------------------------------------------------------------------
// Scenario 3: end to end

/** A conversational block replying on a WhatsApp account that points at the fake provider. */
function whatsAppBlock(fakeOrigin: string) {
  return {
    channel: {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: { accessToken: FAKE_ACCESS_TOKEN, phoneNumberId: FAKE_PHONE_NUMBER_ID },
      config: { apiBaseUrl: fakeOrigin },
    },
    variables: [
      { data: 'data.name', variable: 'customer_name' },
      { data: 'data.order_id', variable: 'order_id' },
      { data: 'data.sent_at', variable: 'sent_at' },
    ],
    reply: 'Hi {{customer_name}}, your order #{{order_id}} @{{sent_at}} has shipped.',
  };
}

async function endToEnd(): Promise<void> {
  const prefix = `${RUN_ID}-s3`;
  let hookgate: ServiceProcess | null = null;
  let fake: BenchChild | null = null;
  let loadgen: BenchChild | null = null;
  try {
    fake = await forkChild('fake whatsapp', 'fake-whatsapp.ts');
    const fakeOrigin = `http://127.0.0.1:${String(fake.info.port)}`;
    hookgate = await startHookgate(prefix, 'all');
    loadgen = await forkChild('loadgen', 'loadgen.ts');
    const block = await createInboundBlock(
      new AdminApi(hookgate.baseUrl, await adminToken(SECRET)),
      'Bench end to end',
      whatsAppBlock(fakeOrigin),
    );
    const rateJob = (url: string, headers: Record<string, string>, body: string): RateJob => ({
      url,
      headers,
      body,
      rate: S.e2eRate,
      durationMs: S.e2eMs,
      warmupMs: S.e2eWarmupMs,
      connections: S.connections,
      contacts: S.e2eContacts,
    });

    const measure = async (label: string, job: RateJob, watched: string | null) => {
      await fake!.call('reset');
      say(
        `3 end to end (${label}): ${num(S.e2eRate)} calls/s, ${S.e2eWarmupMs / 1000} s warm-up + ${S.e2eMs / 1000} s, ` +
          `${num(S.e2eContacts)} contacts…`,
      );
      const watch = watched === null ? null : await watchStalls(watched, job.warmupMs);
      const run = await loadgen!.call<LoadResult>('rate', job);
      const accepted = twoxx(run.statuses);
      await fake!.call('waitFor', { count: accepted, timeoutMs: 60_000 });
      const stalls = watch === null ? null : await watch.stop();
      if (stalls) say(`  ${describeStalls(stalls)}`);
      const report = await fake!.call<FakeReport>('report');
      const coldStart = percentiles(report.latencies.filter(([seq]) => seq < run.warmupCount).map(([, l]) => l));
      const latency = percentiles(report.latencies.filter(([seq]) => seq >= run.warmupCount).map(([, l]) => l));
      const missing = accepted - report.received;
      const drainMs = report.lastArrivalAt - run.lastSendAt;
      const refused = non2xx(run) + run.socketErrors;
      say(
        `  p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms, max ${ms(latency.max)} ms; accepted ${num(accepted)}, received ` +
          `${num(report.received)}, missing ${missing}, refused ${refused}, duplicates ${report.duplicates}; last arrival ` +
          `${ms(drainMs)} ms after the last call`,
      );
      if (report.violations.length) say(`  the fake refused requests: ${report.violations.slice(0, 3).join('; ')}`);
      const callLatency = percentiles(run.latenciesMs);
      return {
        rate: S.e2eRate,
        achievedRate: run.achievedRate,
        calls: run.sent,
        accepted,
        refused,
        statuses: run.statuses,
        received: report.received,
        missing,
        duplicates: report.duplicates,
        violations: report.violations,
        lastArrivalAfterLastCallMs: drainMs,
        endToEndMs: latency,
        /** The warm-up: the first calls of a fresh process (Hookgate's in the first run). */
        warmupEndToEndMs: coldStart,
        callResponseMs: callLatency,
        generatorMaxLagMs: run.maxLagMs,
        stalls,
      };
    };

    // The direct run goes first: it warms the generator and the fake, so the run via Hookgate
    // measures Hookgate's warm-up alone.
    const direct = await measure(
      'straight to the fake provider',
      rateJob(
        `${fakeOrigin}/v21.0/${FAKE_PHONE_NUMBER_ID}/messages`,
        { 'content-type': 'application/json', authorization: `Bearer ${FAKE_ACCESS_TOKEN}` },
        JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: '__CONTACT__',
          type: 'text',
          text: { body: 'Hi Ada, your order #__SEQ__ @__SENT_AT__ has shipped.', preview_url: false },
        }),
      ),
      null,
    );
    const viaHookgate = await measure(
      'via Hookgate',
      rateJob(
        block.url,
        { 'content-type': 'application/json', authorization: `Bearer ${block.token}` },
        JSON.stringify({ contact_reference_id: '__CONTACT__', data: { name: 'Ada', order_id: '__SEQ__', sent_at: '__SENT_AT__' } }),
      ),
      hookgate.baseUrl,
    );
    figures['3'] = { hookgate: viaHookgate, direct };
    const h = viaHookgate.endToEndMs;
    const loopDelay = viaHookgate.stalls?.loopDelayMs ?? null;
    const d = direct.endToEndMs;
    const hw = viaHookgate.warmupEndToEndMs;
    const dw = direct.warmupEndToEndMs;
    rows.push(
      {
        scenario: `3 end to end ${num(S.e2eRate)}/s p50/p99/max ms`,
        hookgate: `${ms(h.p50)}/${ms(h.p99)}/${ms(h.max)}`,
        limit: `${ms(d.p50)}/${ms(d.p99)}/${ms(d.max)}`,
        ratio: ratio(h.p99, d.p99),
        goal: 'p99 ≤ 20 ms, max ≤ 50 ms',
        met: h.p99 <= 20 && h.max <= 50,
      },
      {
        scenario: `3 warm-up (first ${num(S.e2eWarmupMs / 1000)} s of a fresh process) p50/p99/max ms`,
        hookgate: `${ms(hw.p50)}/${ms(hw.p99)}/${ms(hw.max)}`,
        limit: `${ms(dw.p50)}/${ms(dw.p99)}/${ms(dw.max)}`,
        ratio: ratio(hw.p99, dw.p99),
        goal: '—',
        met: null,
      },
      {
        scenario: '3 event-loop delay p50/p99/max ms',
        hookgate: loopDelay ? `${ms(loopDelay.p50)}/${ms(loopDelay.p99)}/${loopDelay.maxIsBound ? '≤' : ''}${ms(loopDelay.max)}` : '—',
        limit: '—',
        ratio: '—',
        goal: 'p99 ≤ 5 ms',
        met: loopDelay !== null && loopDelay.p99 <= 5,
      },
      {
        scenario: '3 missing (accepted − received)',
        hookgate: num(viaHookgate.missing),
        limit: num(direct.missing),
        ratio: '—',
        goal: '0, none refused',
        met: viaHookgate.missing === 0 && viaHookgate.refused === 0,
      },
    );
  } finally {
    await stopAll(loadgen, hookgate, fake);
    await dropPrefix(prefix);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenario 4: outbound

async function outbound(): Promise<void> {
  const prefix = `${RUN_ID}-s4`;
  let hookgate: ServiceProcess | null = null;
  let sink: BenchChild | null = null;
  let loadgen: BenchChild | null = null;
  let raw: BenchChild | null = null;
  try {
    sink = await forkChild('sink', 'sink.ts');
    const sinkOrigin = `http://127.0.0.1:${String(sink.info.port)}`;
    hookgate = await startHookgate(prefix, 'all');
    loadgen = await forkChild('loadgen', 'loadgen.ts');
    const token = await adminToken(SECRET);
    const api = new AdminApi(hookgate.baseUrl, token);
    const bot = await api.call<{ id: string }>('POST', '/bots', { name: 'Bench outbound' });
    const targets: RawJob['targets'] = [];
    for (let i = 0; i < S.outboundSubscriptions; i++) {
      const url = `${sinkOrigin}/sink/${i}`;
      const sub = await api.call<{ secret: string }>('POST', `/bots/${bot.id}/subscriptions`, {
        name: `Sink ${i}`,
        url,
        events: ['lead.*'],
      });
      targets.push({ url, secret: sub.secret });
    }
    const total = S.outboundEvents * S.outboundSubscriptions;
    const data = { contact: { id: 'c___SEQ__', first_name: 'Ada', phone: '+15550001234' }, source: 'bench' };

    say(
      `4 outbound: ${num(S.outboundEvents)} events × ${S.outboundSubscriptions} subscriptions, published with ` +
        `${S.outboundConcurrency} parallel POST /v1/bots/{id}/events…`,
    );
    await sink.call('reset');
    const publish: BurstJob = {
      url: `${hookgate.baseUrl}/v1/bots/${bot.id}/events`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'lead.created', data }),
      total: S.outboundEvents,
      concurrency: S.outboundConcurrency,
    };
    const published = await loadgen.call<LoadResult>('burst', publish);
    await sink.call('waitFor', { count: total, timeoutMs: 120_000 });
    const hg = await sink.call<SinkStats>('stats');
    const hgSeconds = (hg.lastAt - published.firstSendAt) / 1000;
    const hgRate = hg.received / hgSeconds;
    const publishSeconds = (published.lastResponseAt - published.firstSendAt) / 1000;
    say(
      `  Hookgate: ${num(hg.received)}/${num(total)} deliveries in ${hgSeconds.toFixed(2)} s = ${num(hgRate)}/s (publishing took ` +
        `${publishSeconds.toFixed(2)} s; ${num(twoxx(published.statuses))} accepted), duplicates ${hg.duplicates}`,
    );

    say(`  …raw HttpClient, ${num(total)} signed bodies with ${S.outboundConcurrency} parallel requests`);
    await sink.call('reset');
    raw = await forkChild('raw client', 'raw-client.ts');
    const rawRun = await raw.call<RawResult>('run', {
      targets,
      events: S.outboundEvents,
      concurrency: S.outboundConcurrency,
      type: 'lead.created',
      data,
    } satisfies RawJob);
    const limit = await sink.call<SinkStats>('stats');
    const rawSeconds = (limit.lastAt - rawRun.firstSendAt) / 1000;
    const rawRate = limit.received / rawSeconds;
    say(
      `  raw:      ${num(limit.received)}/${num(total)} deliveries in ${rawSeconds.toFixed(2)} s = ${num(rawRate)}/s, failed ` +
        `${rawRun.failed}`,
    );
    figures['4'] = {
      events: S.outboundEvents,
      subscriptions: S.outboundSubscriptions,
      concurrency: S.outboundConcurrency,
      hookgate: {
        deliveries: hg.received,
        expected: total,
        seconds: hgSeconds,
        perSecond: hgRate,
        duplicates: hg.duplicates,
        unsigned: hg.unsigned,
        publish: {
          seconds: publishSeconds,
          statuses: published.statuses,
          socketErrors: published.socketErrors,
          latencyMs: percentiles(published.latenciesMs),
        },
      },
      raw: {
        deliveries: limit.received,
        expected: total,
        seconds: rawSeconds,
        perSecond: rawRate,
        failed: rawRun.failed,
        errorSamples: rawRun.errorSamples,
      },
    };
    rows.push({
      scenario: `4 outbound deliveries/s (${num(S.outboundEvents)}×${S.outboundSubscriptions})`,
      hookgate: hg.received === total ? num(hgRate) : `${num(hgRate)} (${num(total - hg.received)} missing)`,
      limit: num(rawRate),
      ratio: ratio(hgRate, rawRate),
      goal: '≥ 0.50× raw client',
      met: hg.received === total && hgRate >= 0.5 * rawRate,
    });
  } finally {
    await stopAll(raw, loadgen, hookgate, sink);
    await dropPrefix(prefix);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenario 5: cost growth

async function costGrowth(): Promise<void> {
  // The empty-store run is measured here, right before the seeded one (not taken from scenario 1,
  // minutes earlier): on a shared machine, adjacent runs make a 10 % threshold meaningful.
  const emptyPrefix = `${RUN_ID}-s5e`;
  const prefix = `${RUN_ID}-s5`;
  let hookgate: ServiceProcess | null = null;
  try {
    say(`5 cost growth: scenario 1's Hookgate run on an empty store (a fresh process)…`);
    hookgate = await startHookgate(emptyPrefix, 'api');
    let block = await createInboundBlock(
      new AdminApi(hookgate.baseUrl, await adminToken(SECRET)),
      'Bench inbound (empty store)',
      INBOUND_SPEC,
    );
    const empty = await saturateMeasuringCpu(hookgate, block.url, block.token);
    say(`  empty store: ${describeSaturation(empty)}`);
    await hookgate.stop();
    hookgate = null;
    await dropPrefix(emptyPrefix);

    say(`  seeding ${num(S.seedWebhooks)} webhooks and ${num(S.seedContacts)} contacts over ${num(S.seedBots)} bots…`);
    const seed: SeedResult = await seedLargeStore(redis!, {
      prefix,
      bots: S.seedBots,
      webhooks: S.seedWebhooks,
      contacts: S.seedContacts,
      workspaceId: 'seeded',
    });
    const dbsize = Number(await redis!.sendCommand(['DBSIZE']));
    say(
      `  seeded with ${num(seed.commands)} pipelined writes in ${seed.seconds.toFixed(1)} s (Redis now holds ${num(dbsize)} keys); ` +
        `the same run again (a fresh process)…`,
    );
    hookgate = await startHookgate(prefix, 'api');
    block = await createInboundBlock(new AdminApi(hookgate.baseUrl, await adminToken(SECRET)), 'Bench inbound (large store)', INBOUND_SPEC);
    const big = await saturateMeasuringCpu(hookgate, block.url, block.token);
    say(`  large store: ${describeSaturation(big)}`);
    figures['5'] = { seed, redisKeys: dbsize, largeStore: big, emptyStore: empty };
    rows.push(
      {
        scenario: `5 req/s, ${num(S.seedWebhooks)} wh + ${num(S.seedContacts)} contacts`,
        hookgate: num(big.requestsPerSecond),
        limit: `${num(empty.requestsPerSecond)} (empty)`,
        ratio: ratio(big.requestsPerSecond, empty.requestsPerSecond),
        goal: '≥ 0.90× empty, 0 errors',
        met: big.requestsPerSecond >= 0.9 * empty.requestsPerSecond && big.errors === 0,
      },
      {
        scenario: '5 server CPU µs per request',
        hookgate: num(big.cpuMicrosPerRequest),
        limit: `${num(empty.cpuMicrosPerRequest)} (empty)`,
        ratio: ratio(big.cpuMicrosPerRequest, empty.cpuMicrosPerRequest),
        goal: '—',
        met: null,
      },
      {
        scenario: '5 latency p50/p99 ms',
        hookgate: `${big.latencyMs.p50}/${big.latencyMs.p99}`,
        limit: `${empty.latencyMs.p50}/${empty.latencyMs.p99} (empty)`,
        ratio: ratio(big.latencyMs.p99, empty.latencyMs.p99),
        goal: '—',
        met: null,
      },
    );
  } finally {
    await stopAll(hookgate);
    await dropPrefix(emptyPrefix);
    say('5 cost growth: deleting the seeded keys…');
    await dropPrefix(prefix);
  }
}

// ---------------------------------------------------------------------------------------------
// Replies drained by worker processes (scenario 1's cost per reply, and the scale scenario)

interface DrainResult {
  workers: number;
  bots: number;
  queued: number;
  delivered: number;
  /** Replies each worker process sent (its hookgate_replies_total): how evenly bots were shared. */
  perWorker: number[];
  /** Replies per second between 20 % and 80 % of the backlog delivered (start-up and tail left out). */
  perSecond: number;
  windowSeconds: number;
  /** Over the same window. */
  workerCpuMicrosPerReply: number;
  fakeCpuMicrosPerReply: number;
  redis: RedisCost;
  /** Redis executing time by script over the last 20 % (`profile`). */
  scriptProfile: ScriptProfile | null;
}

/**
 * Queues `replies` replies over `bots` bots (each with a WhatsApp account pointing at the fake
 * provider) through one Hookgate process in role api, with no worker running; then starts
 * `workers` processes in role worker and measures, while they drain the backlog, replies delivered
 * per second and what each reply costs the workers, the fake provider and Redis.
 */
async function drainReplies(o: {
  prefix: string;
  target: BenchRedis;
  counterClients: RedisClient[];
  workers: number;
  replies: number;
  bots: number;
  /** Log every command from 80 % of the backlog to the end, by script (a Redis of the run's own only). */
  profile?: boolean;
}): Promise<DrainResult> {
  let fake: BenchChild | null = null;
  let api: ServiceProcess | null = null;
  let loadgen: BenchChild | null = null;
  const workers: ServiceProcess[] = [];
  let paused = false;
  try {
    fake = await forkChild('fake whatsapp', 'fake-whatsapp.ts');
    const fakeOrigin = `http://127.0.0.1:${String(fake.info.port)}`;
    api = await startHookgate(o.prefix, 'api', o.target);
    loadgen = await forkChild('loadgen', 'loadgen.ts');
    const admin = new AdminApi(api.baseUrl, await adminToken(SECRET));
    const blocks: InboundBlock[] = [];
    for (let b = 0; b < o.bots; b++) {
      blocks.push(await createInboundBlock(admin, `Bench replies ${b}`, whatsAppBlock(fakeOrigin)));
    }
    // The workers start first and are then paused (SIGSTOP) while the backlog is queued, and all
    // resumed at once: they meet the backlog together, as workers that were running all along would,
    // and none has a head start of its own start-up time (the first claim takes up to 16 bots).
    workers.push(
      ...(await Promise.all(
        Array.from({ length: o.workers }, (_, w) =>
          startService(
            `hookgate worker ${w + 1}`,
            'src/main.ts',
            hookgateEnv(o.prefix, 'worker', o.target),
            '/healthz',
            'HOOKGATE_OPS_PORT',
          ),
        ),
      )),
    );
    for (const w of workers) process.kill(w.pid, 'SIGSTOP');
    paused = true;
    const perBot = Math.ceil(o.replies / o.bots);
    const fills = await Promise.all(
      blocks.map((block) =>
        loadgen!.call<LoadResult>('burst', {
          url: block.url,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${block.token}` },
          body: JSON.stringify({ contact_reference_id: '__CONTACT__', data: { name: 'Ada', order_id: '__SEQ__', sent_at: '__SENT_AT__' } }),
          total: perBot,
          concurrency: Math.max(1, Math.floor(S.connections / o.bots)),
          contacts: Math.max(1, Math.floor(S.drainContacts / o.bots)),
        } satisfies BurstJob),
      ),
    );
    const queued = fills.reduce((n, f) => n + twoxx(f.statuses), 0);
    if (queued < perBot * o.bots) throw new Error(`only ${queued} of ${perBot * o.bots} calls were accepted while queueing replies`);
    await fake.call('reset');

    for (const w of workers) process.kill(w.pid, 'SIGCONT');
    paused = false;
    type Mark = { messages: number; at: number; workerCpuMs: number; fakeCpuMs: number; redis: RedisCounters };
    const mark = async (): Promise<Mark> => {
      const [count, counters] = await Promise.all([
        fake!.call<{ messages: number; at: number }>('count'),
        readAllRedisCounters(o.counterClients),
      ]);
      return {
        ...count,
        workerCpuMs: workers.reduce((n, w) => n + (readCpuMs(w.pid) ?? NaN), 0),
        fakeCpuMs: readCpuMs(fake!.pid) ?? NaN,
        redis: counters,
      };
    };
    // Polls the fake's count alone (cheap); the counters are read once it is reached.
    const until = async (messages: number, timeoutMs: number): Promise<Mark> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { messages: n } = await fake!.call<{ messages: number }>('count');
        if (n >= messages) return mark();
        if (Date.now() > deadline) throw new Error(`${n} of ${queued} replies delivered after ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const from = await until(Math.floor(queued * 0.2), 120_000);
    const to = await until(Math.ceil(queued * 0.8), 120_000);
    const profiling = o.profile ? await startScriptProfile(o.counterClients[0]!) : null;
    const done = await until(queued, 120_000);
    const profile = profiling ? await profiling.stop() : null;
    // A reply reaches the fake before its worker settles and counts it: wait for the counts to catch up.
    let perWorker = await Promise.all(workers.map((w) => repliesSent(w.baseUrl)));
    for (let i = 0; i < 100 && perWorker.reduce((a, b) => a + b, 0) < queued; i++) {
      await new Promise((r) => setTimeout(r, 100));
      perWorker = await Promise.all(workers.map((w) => repliesSent(w.baseUrl)));
    }
    const replies = to.messages - from.messages;
    const seconds = (to.at - from.at) / 1000;
    return {
      workers: o.workers,
      bots: o.bots,
      queued,
      delivered: done.messages,
      perWorker,
      perSecond: replies / seconds,
      windowSeconds: seconds,
      workerCpuMicrosPerReply: ((to.workerCpuMs - from.workerCpuMs) * 1000) / replies,
      fakeCpuMicrosPerReply: ((to.fakeCpuMs - from.fakeCpuMs) * 1000) / replies,
      redis: redisCost(counterDelta(from.redis, to.redis), replies),
      scriptProfile: profile,
    };
  } finally {
    if (paused) for (const w of workers) process.kill(w.pid, 'SIGCONT');
    await stopAll(loadgen, api, fake, ...workers);
  }
}

const describeDrain = (d: DrainResult) =>
  `${num(d.perSecond)} replies/s (${num(d.queued)} queued over ${d.bots} bots, ${d.workers} worker process(es) sending ` +
  `${d.perWorker.map((n) => num(n)).join(' + ')}, measured over ${d.windowSeconds.toFixed(1)} s), worker CPU ${num(d.workerCpuMicrosPerReply)} µs and fake provider ${num(d.fakeCpuMicrosPerReply)} µs per reply`;

/** Scenario 1's cost per delivered reply: one worker process draining a backlog into the fake WhatsApp. */
async function replyCost(): Promise<void> {
  const prefix = `${RUN_ID}-s1r`;
  try {
    say(`1 cost per delivered reply: ${num(S.drainReplies)} replies queued (role api), then drained by one worker process…`);
    const d = await drainReplies({
      prefix,
      target: REDIS,
      counterClients: [redis!],
      workers: 1,
      replies: S.drainReplies,
      bots: 1,
      profile: flags['private-redis'],
    });
    say(`  ${describeDrain(d)}`);
    say(`  ${describeCost(d.redis, 'delivered reply')}`);
    if (d.scriptProfile) say(`  Redis executing per reply by script, SLOWLOG over ${describeProfile(d.scriptProfile, 'settle-lane')}`);
    figures['1r'] = d;
    rows.push(
      {
        scenario: '1 Redis CPU / executing µs per reply',
        hookgate: `${num(d.redis.cpuMicrosPerUnit, 1)} / ${num(d.redis.execMicrosPerUnit, 1)}`,
        limit: '—',
        ratio: '—',
        goal: '—',
        met: null,
      },
      {
        scenario: '1 Redis commands per reply (in scripts)',
        hookgate: `${num(d.redis.commandsPerUnit, 2)} (${num(d.redis.scriptInnerCommandsPerUnit, 1)})`,
        limit: '—',
        ratio: '—',
        goal: '—',
        met: null,
      },
      {
        scenario: '1 worker CPU µs per reply (1 process)',
        hookgate: num(d.workerCpuMicrosPerReply, 1),
        limit: `${num(d.fakeCpuMicrosPerReply, 1)} fake`,
        ratio: '—',
        goal: '—',
        met: null,
      },
    );
  } finally {
    await dropPrefix(prefix);
  }
}

// ---------------------------------------------------------------------------------------------
// Scale: 1 and 2 API processes, 1 and 2 worker processes

async function scale(): Promise<void> {
  let target: BenchRedis = REDIS;
  let counterClients: RedisClient[] = [redis!];
  let cluster: BenchRedis | null = null;
  const prefixes: string[] = [];
  try {
    if (flags.cluster) {
      say('scale: starting a local Redis Cluster of 3 masters…');
      cluster = await startLocalCluster();
      target = cluster;
      counterClients = await connectNodes(cluster);
      say(`  cluster up: ${cluster.url}`);
    }
    const where = flags.cluster ? 'the 3-master cluster' : 'one Redis';
    const counts = flags.quick ? [1, 2] : [1, 2, 2, 1];

    say(`scale: calls/s with 1 and 2 API processes (role api, load split between them, ${S.connections} connections in all), ${where}…`);
    const apiRuns: Record<number, (MeasuredSaturation & { redis: RedisCost })[]> = { 1: [], 2: [] };
    for (const [i, n] of counts.entries()) {
      const prefix = `${RUN_ID}-s7a${i}`;
      prefixes.push(prefix);
      const processes: ServiceProcess[] = [];
      try {
        for (let p = 0; p < n; p++) processes.push(await startHookgateOrExplain(prefix, 'api', target));
        const block = await createInboundBlock(new AdminApi(processes[0]!.baseUrl, await adminToken(SECRET)), 'Bench scale', INBOUND_SPEC);
        const jobs = processes.map((p) => ({
          ...inboundJob(`${p.baseUrl}/hooks/${block.webhookId}`, block.token, SCENARIO1_BODY, true),
          connections: Math.floor(S.connections / n),
        }));
        const run = await measureSaturation(processes, jobs, counterClients);
        const cost = redisCost(run.redisDelta, run.accepted);
        apiRuns[n]!.push({ ...run, redis: cost });
        say(`  ${n} API process(es): ${describeSaturation(run)}; Redis ${num(cost.cpuMicrosPerUnit, 1)} µs CPU per call`);
      } finally {
        await stopAll(...processes);
        if (!cluster) await dropPrefix(prefix);
      }
    }

    say(`scale: replies delivered/s with 1 and 2 worker processes, ${num(S.drainReplies)} replies over ${S.drainBots} bots, ${where}…`);
    const drains: Record<number, DrainResult[]> = { 1: [], 2: [] };
    for (const [i, n] of counts.entries()) {
      const prefix = `${RUN_ID}-s7w${i}`;
      prefixes.push(prefix);
      try {
        const d = await drainReplies({ prefix, target, counterClients, workers: n, replies: S.drainReplies, bots: S.drainBots });
        drains[n]!.push(d);
        say(`  ${describeDrain(d)}; Redis ${num(d.redis.cpuMicrosPerUnit, 1)} µs CPU per reply`);
      } finally {
        if (!cluster) await dropPrefix(prefix);
      }
    }

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const callsPerSecond = (n: number) => mean(apiRuns[n]!.map((r) => r.requestsPerSecond));
    const repliesPerSecond = (n: number) => mean(drains[n]!.map((d) => d.perSecond));
    figures.scale = { redis: flags.cluster ? 'cluster of 3 masters' : 'single node', api: apiRuns, workers: drains };
    const label = flags.cluster ? 'cluster' : '1 Redis';
    rows.push(
      {
        scenario: `scale calls/s, 2 vs 1 API processes (${label})`,
        hookgate: num(callsPerSecond(2)),
        limit: num(callsPerSecond(1)),
        ratio: ratio(callsPerSecond(2), callsPerSecond(1)),
        goal: '—',
        met: null,
      },
      {
        scenario: `scale replies/s, 2 vs 1 workers (${label})`,
        hookgate: num(repliesPerSecond(2)),
        limit: num(repliesPerSecond(1)),
        ratio: ratio(repliesPerSecond(2), repliesPerSecond(1)),
        goal: '—',
        met: null,
      },
    );
  } finally {
    if (cluster) {
      await Promise.allSettled(counterClients.map((c) => c.close()));
      await cluster.close();
      say('scale: local cluster stopped and removed');
    } else {
      for (const prefix of prefixes) await dropPrefix(prefix);
    }
  }
}

/** Starts Hookgate against `target`; against a cluster, a failure says what the build is missing. */
async function startHookgateOrExplain(prefix: string, role: 'api' | 'all', target: BenchRedis): Promise<ServiceProcess> {
  try {
    return await startHookgate(prefix, role, target);
  } catch (err) {
    if (!flags.cluster) throw err;
    const output = err instanceof Error ? err.message.split('\n').slice(1).join('\n').trim().slice(-600) : '';
    throw new Error(
      `Hookgate did not start against the local Redis Cluster (REDIS_URL=${target.url}, HOOKGATE_REDIS_CLUSTER=true). ` +
        'This build has no Redis Cluster client: --cluster needs a Hookgate that opens a cluster client for a ' +
        `comma-separated REDIS_URL with HOOKGATE_REDIS_CLUSTER=true. Its output:\n${output}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Main

let cleanedUp: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleanedUp ??= (async () => {
    await killAll();
    if (redis) {
      // Anything a failed scenario left behind, under any of this run's prefixes.
      const n = await deleteKeysStartingWith(redis, `${RUN_ID}-`).catch(() => 0);
      if (n) say(`deleted ${num(n)} leftover keys of run ${RUN_ID}`);
      await redis.close().catch(() => undefined);
    }
    await REDIS.close().catch(() => undefined);
  })();
  return cleanedUp;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping every process of this run and deleting its keys…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function runScenario(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push({ scenario: name, error: message });
    say(`${name} FAILED: ${message}`);
  }
}

async function main(): Promise<number> {
  const scenarioList = [...[...selected].sort().map(String), ...(scaleSelected ? [`scale${flags.cluster ? ' (cluster)' : ''}`] : [])];
  try {
    if (flags['private-redis']) {
      REDIS = await startPrivateRedis();
      say(`a private redis-server for this run at ${REDIS.url}`);
    }
  } catch (err) {
    process.stderr.write(`bench: could not start a private redis-server (${err instanceof Error ? err.message : String(err)})\n`);
    return 1;
  }
  const redisUrl = REDIS.url;
  say(
    `run ${RUN_ID} (${flags.quick ? 'quick' : 'full'}), scenarios ${scenarioList.join(', ')}, Redis ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`,
  );
  try {
    redis = await connectBenchRedis(redisUrl).catch((err: unknown) => {
      if (redisUrl !== DEFAULT_REDIS_URL) throw err;
      // As `npm test` does: a local redis-server (no persistence) when none answers on the default address.
      say(`no Redis answers at ${redisUrl}; starting a local one (sh scripts/run.sh redis)`);
      execFileSync('sh', ['scripts/run.sh', 'redis'], { cwd: REPO_ROOT, stdio: 'inherit' });
      return connectBenchRedis(redisUrl);
    });
  } catch (err) {
    process.stderr.write(`bench: no Redis at REDIS_URL (${err instanceof Error ? err.message : String(err)})\n`);
    await REDIS.close();
    return 1;
  }
  const swept = await sweepStaleRuns(redis, RUN_PREFIX, 3600_000);
  if (swept) say(`deleted ${num(swept)} keys left by an earlier bench run that was killed`);
  const redisVersion = /redis_version:(\S+)/.exec(String(await redis.sendCommand(['INFO', 'server'])))?.[1] ?? 'unknown';
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  if (loadBefore[0]! > 1)
    say(
      `note: the machine is busy before the bench starts (load average ${loadBefore[0]!.toFixed(2)} on ${os.cpus().length} cores); ` +
        `figures will be noisy`,
    );
  try {
    if (selected.has(1)) await runScenario('scenarios 1, 2, 6', inboundScenarios);
    if (selected.has(3)) await runScenario('scenario 3', endToEnd);
    if (selected.has(4)) await runScenario('scenario 4', outbound);
    if (selected.has(5)) await runScenario('scenario 5', costGrowth);
    if (scaleSelected) await runScenario('scale', scale);
  } finally {
    await cleanUp();
  }
  const seconds = (performance.now() - started) / 1000;
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 1e9),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    redis: redisVersion,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg(),
  };
  const result = {
    runId: RUN_ID,
    mode: flags.quick ? 'quick' : 'full',
    scenarios: scenarioList,
    redis: flags['private-redis'] ? 'private redis-server' : 'REDIS_URL',
    startedAt: startedAt.toISOString(),
    seconds,
    machine,
    settings: S,
    rows,
    figures,
    failures,
  };
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = `bench/results/${stamp}.json`;
  mkdirSync(`${REPO_ROOT}bench/results`, { recursive: true });
  writeFileSync(`${REPO_ROOT}${file}`, `${JSON.stringify(result, null, 2)}\n`);

  process.stdout.write(
    `\nHookgate benchmark, ${flags.quick ? 'QUICK run (short; not figures to publish)' : 'full run'}: ${machine.cpus} × ` +
      `${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, Redis ${machine.redis}\n\n`,
  );
  process.stdout.write(`${renderTable(rows)}\n\n`);
  process.stdout.write(
    'Limits: 1, 2 the durable floor: a bare Hono app that parses the body, appends it to a Redis stream with one XADD and ' +
      'answers 202 (the floor itself against the bare app without the XADD); 3 the same generator posting the same WhatsApp payload ' +
      'straight to the fake provider; ' +
      "4 Hookgate's HttpClient posting as many signed bodies; 5 the same run on an empty store; 6 the bare app's peak RSS; " +
      'scale, the same figure with one process. Redis figures count every client of that Redis (--private-redis for a server of ' +
      "the run's own).\n",
  );
  if (loadBefore[0]! > 1) {
    process.stdout.write(
      `The machine was busy when the bench started (1-minute load average ${loadBefore[0]!.toFixed(2)} on ${machine.cpus} cores): ` +
        `other work shared the CPUs, so these figures are noisy.\n`,
    );
  }
  for (const f of failures) process.stdout.write(`FAILED ${f.scenario}: ${f.error.split('\n')[0]}\n`);
  process.stdout.write(
    `${rows.filter((r) => r.met === true).length} goals met, ${rows.filter((r) => r.met === false).length} not met; ` +
      `${seconds.toFixed(0)} s; figures in ${file}\n`,
  );
  return failures.length ? 1 : 0;
}

process.exitCode = await main().catch(async (err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await cleanUp();
  return 1;
});
