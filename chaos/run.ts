/**
 * `npm run chaos [-- --quick] [-- --only kill,redis-stop]`: Hookgate under faults, as an operator
 * would meet them, each against a real service process on a real socket, a private redis-server on
 * a free port and loopback receivers.
 *
 * 1. kill     `kill -9` of the gateway at ~1,000 calls/s, restarted at once: acknowledged calls lost,
 *             duplicates, replies out of order, drain time (chaos/scenario-kill.ts).
 * 2. redis-stop, redis-hang   Redis stopped 30 s, and hung with SIGSTOP 30 s, under load: statuses
 *             seen, longest wait, stored-but-503, recovery time, lost (chaos/scenario-redis.ts).
 * 3. receiver the reply provider and the event subscriber down 2 minutes (503, then refused
 *             connections), events with `ordering` per-contact and unordered: delivered, lost, out of
 *             order, drain (chaos/scenario-receiver.ts).
 * 4. bad-input 100,000 generated bad requests: 5xx, crashes, answers not problem+json, RSS growth
 *             (chaos/scenario-bad-input.ts).
 *
 * One table on stdout, the figures in chaos/results/<time>.json, each scenario's Hookgate output
 * in chaos/results/<time>-<scenario>.log. Every process is stopped at the end, also on failure or
 * Ctrl-C; the private Redis servers go with their data directories.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../bench/processes.ts';
import { createRun } from './context.ts';
import { killEverything } from './processes.ts';
import { renderTable } from './report.ts';
import { badInputScenario } from './scenario-bad-input.ts';
import { killScenario } from './scenario-kill.ts';
import { receiverScenario } from './scenario-receiver.ts';
import { redisScenario } from './scenario-redis.ts';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const SCENARIOS = ['kill', 'redis-stop', 'redis-hang', 'receiver', 'bad-input'] as const;
type Scenario = (typeof SCENARIOS)[number];

if (flags.help) {
  process.stdout.write(
    [
      'usage: npm run chaos [-- --quick] [-- --only kill,redis-stop,redis-hang,receiver,bad-input]',
      '  --quick   shorter outages and fewer bad requests (a fast check, not figures to publish)',
      '  --only    scenarios to run, by name (default: all)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const selected: Scenario[] = [];
for (const part of (flags.only ?? SCENARIOS.join(',')).split(',')) {
  const name = part.trim() as Scenario;
  if (!SCENARIOS.includes(name)) {
    process.stderr.write(`chaos: --only takes scenario names (${SCENARIOS.join(', ')}), e.g. --only kill,receiver (got '${part}')\n`);
    process.exit(2);
  }
  if (!selected.includes(name)) selected.push(name);
}
const ordered = SCENARIOS.filter((s) => selected.includes(s));

const startedAt = new Date();
const stamp = startedAt
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d+Z$/, 'Z');
mkdirSync(`${REPO_ROOT}chaos/results`, { recursive: true });
const run = createRun(flags.quick, stamp);
const failures: { scenario: string; error: string }[] = [];

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    run.say(`${signal}: stopping every process of this run…`);
    void killEverything().finally(() => process.exit(130));
  });
}

const runners: Record<Scenario, () => Promise<void>> = {
  kill: () => killScenario(run),
  'redis-stop': () => redisScenario(run, 'stop'),
  'redis-hang': () => redisScenario(run, 'hang'),
  receiver: () => receiverScenario(run),
  'bad-input': () => badInputScenario(run),
};

function redisVersion(): string {
  try {
    return /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'none (redis-server not found)';
  }
}

async function main(): Promise<number> {
  const redis = redisVersion();
  if (redis.startsWith('none')) {
    process.stderr.write('chaos: the scenarios start their own redis-server; install Redis (e.g. apt-get install redis-server)\n');
    return 1;
  }
  const loadBefore = os.loadavg();
  run.say(`run ${run.id} (${run.quick ? 'quick' : 'full'}): ${ordered.join(', ')}`);
  if (loadBefore[0]! > 1) {
    run.say(`note: the machine is busy (load average ${loadBefore[0]!.toFixed(2)} on ${os.cpus().length} cores); rates may fall short`);
  }
  try {
    for (const name of ordered) {
      try {
        await runners[name]();
      } catch (err) {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        failures.push({ scenario: name, error: message });
        run.say(`${name} FAILED: ${message}`);
      }
    }
  } finally {
    await killEverything();
  }
  const crashes = Object.values(run.crashes).reduce((n, c) => n + c, 0);
  run.rows.push({
    scenario: 'all scenarios',
    measure: 'Hookgate crashes (exits not caused by the suite)',
    value: `${crashes}${
      crashes
        ? ` (${Object.entries(run.crashes)
            .filter(([, c]) => c)
            .map(([s, c]) => `${s}: ${c}`)
            .join(', ')})`
        : ''
    }`,
    goal: '0',
    met: crashes === 0,
  });
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 1e9),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    redis,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg(),
  };
  const file = `chaos/results/${stamp}.json`;
  writeFileSync(
    `${REPO_ROOT}${file}`,
    `${JSON.stringify(
      {
        runId: run.id,
        mode: run.quick ? 'quick' : 'full',
        scenarios: ordered,
        startedAt: startedAt.toISOString(),
        seconds,
        machine,
        settings: run.settings,
        rows: run.rows,
        figures: run.figures,
        crashes: run.crashes,
        failures,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(
    `\nHookgate chaos suite, ${run.quick ? 'QUICK run (short outages; not figures to publish)' : 'full run'}: ${machine.cpus} × ` +
      `${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, Redis ${machine.redis}; load average ` +
      `${loadBefore[0]!.toFixed(2)} before, ${machine.loadAverageAfter[0]!.toFixed(2)} after\n\n`,
  );
  process.stdout.write(`${renderTable(run.rows)}\n\n`);
  for (const f of failures) process.stdout.write(`FAILED ${f.scenario}: ${f.error.split('\n')[0]}\n`);
  const met = run.rows.filter((r) => r.met === true).length;
  const notMet = run.rows.filter((r) => r.met === false).length;
  process.stdout.write(`${met} goals met, ${notMet} not met; ${seconds.toFixed(0)} s; figures in ${file}, service logs beside it\n`);
  return failures.length || notMet ? 1 : 0;
}

process.exitCode = await main().catch(async (err: unknown) => {
  process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await killEverything();
  return 1;
});
