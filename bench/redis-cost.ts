/**
 * What Redis spends per unit of work (an accepted call, a delivered reply): `INFO commandstats`,
 * `INFO cpu` and `INFO stats` read before and after a measured stretch, the difference divided by
 * the units done in it.
 *
 * - CPU: `used_cpu_user + used_cpu_sys` of the server process, everything it did (reading and
 *   answering connections as well as executing commands). The steadiest figure.
 * - Executing: commandstats `usec` summed over the commands clients sent. A script's `usec`
 *   already includes the commands it runs (`redis.call`), which commandstats also counts on their
 *   own; those are shown ("in scripts") but not added again. A command name that Hookgate's Lua
 *   scripts use is taken for one run inside a script whenever scripts ran in the stretch.
 * - Commands: calls clients sent (scripts count once), and commands run inside scripts.
 *
 * The counters are the server's: every client of that Redis counts, so figures are clean only
 * when nothing else uses it meanwhile (`--private-redis` gives the run a server of its own).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { RedisClient } from './redis.ts';

export interface RedisCounters {
  /** Seconds of CPU the server process used so far (user + sys). */
  cpuSeconds: number;
  /** Per command (lower case, as commandstats names them): calls and µs executing. */
  commands: Record<string, { calls: number; usec: number }>;
  netInputBytes: number;
  netOutputBytes: number;
}

export interface RedisCost {
  units: number;
  cpuMicrosPerUnit: number;
  execMicrosPerUnit: number;
  /** Commands clients sent per unit (a script invocation is one). */
  commandsPerUnit: number;
  /** Commands run inside scripts per unit. */
  scriptInnerCommandsPerUnit: number;
  netInputBytesPerUnit: number;
  netOutputBytesPerUnit: number;
  /** Commands by µs executing per unit, largest first. */
  top: { command: string; callsPerUnit: number; usecPerUnit: number; inScripts: boolean }[];
}

const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);
/** The bench's own reads of the counters. */
const BENCH_COMMANDS = new Set(['info']);

/** Command names Hookgate's Lua scripts call (src/store/redis/lua/*.lua), lower case. */
export const IN_SCRIPTS: ReadonlySet<string> = (() => {
  const dir = new URL('../src/store/redis/lua/', import.meta.url);
  const names = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.lua')) continue;
    for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/redis\.p?call\(\s*['"]([A-Za-z]+)['"]/g))
      names.add(m[1]!.toLowerCase());
  }
  return names;
})();

function infoField(text: string, field: string): number {
  return Number(new RegExp(`^${field}:([0-9.]+)`, 'm').exec(text)?.[1] ?? NaN);
}

/** One server's counters. */
export async function readRedisCounters(client: RedisClient): Promise<RedisCounters> {
  const text = String(await client.sendCommand(['INFO', 'cpu', 'stats', 'commandstats']));
  const commands: RedisCounters['commands'] = {};
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) commands[m[1]!] = { calls: Number(m[2]), usec: Number(m[3]) };
  return {
    cpuSeconds: infoField(text, 'used_cpu_user') + infoField(text, 'used_cpu_sys'),
    commands,
    netInputBytes: infoField(text, 'total_net_input_bytes'),
    netOutputBytes: infoField(text, 'total_net_output_bytes'),
  };
}

/** Several servers' counters (the masters of a cluster) added up. */
export async function readAllRedisCounters(clients: RedisClient[]): Promise<RedisCounters> {
  return sumCounters(await Promise.all(clients.map(readRedisCounters)));
}

export function sumCounters(list: RedisCounters[]): RedisCounters {
  const sum: RedisCounters = { cpuSeconds: 0, commands: {}, netInputBytes: 0, netOutputBytes: 0 };
  for (const c of list) {
    sum.cpuSeconds += c.cpuSeconds;
    sum.netInputBytes += c.netInputBytes;
    sum.netOutputBytes += c.netOutputBytes;
    for (const [name, s] of Object.entries(c.commands)) {
      const t = sum.commands[name] ?? { calls: 0, usec: 0 };
      sum.commands[name] = { calls: t.calls + s.calls, usec: t.usec + s.usec };
    }
  }
  return sum;
}

export function counterDelta(before: RedisCounters, after: RedisCounters): RedisCounters {
  const commands: RedisCounters['commands'] = {};
  for (const [name, a] of Object.entries(after.commands)) {
    const b = before.commands[name] ?? { calls: 0, usec: 0 };
    if (a.calls > b.calls) commands[name] = { calls: a.calls - b.calls, usec: a.usec - b.usec };
  }
  return {
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    commands,
    netInputBytes: after.netInputBytes - before.netInputBytes,
    netOutputBytes: after.netOutputBytes - before.netOutputBytes,
  };
}

/**
 * A stretch's counters per unit of work. `direct`: commands the measured client is known to send
 * itself (the durable floor's `xadd`), never taken for commands run inside scripts.
 */
export function redisCost(delta: RedisCounters, units: number, direct: readonly string[] = [], topN = 8): RedisCost {
  const scriptsRan = Object.keys(delta.commands).some((name) => SCRIPT_COMMANDS.has(name));
  let execUsec = 0;
  let sent = 0;
  let inner = 0;
  const top: RedisCost['top'] = [];
  for (const [name, s] of Object.entries(delta.commands)) {
    if (BENCH_COMMANDS.has(name)) continue;
    const inScripts = scriptsRan && IN_SCRIPTS.has(name) && !direct.includes(name);
    if (inScripts) inner += s.calls;
    else {
      sent += s.calls;
      execUsec += s.usec;
    }
    top.push({ command: name, callsPerUnit: s.calls / units, usecPerUnit: s.usec / units, inScripts });
  }
  top.sort((a, b) => b.usecPerUnit - a.usecPerUnit);
  return {
    units,
    cpuMicrosPerUnit: (delta.cpuSeconds * 1e6) / units,
    execMicrosPerUnit: execUsec / units,
    commandsPerUnit: sent / units,
    scriptInnerCommandsPerUnit: inner / units,
    netInputBytesPerUnit: delta.netInputBytes / units,
    netOutputBytesPerUnit: delta.netOutputBytes / units,
    top: top.slice(0, topN),
  };
}

/** `evalsha 31.2 µs ×2.00, xadd 1.1 µs ×1.00 (in scripts), …` */
export function describeTop(cost: RedisCost, n = 6): string {
  return cost.top
    .slice(0, n)
    .map((t) => `${t.command} ${t.usecPerUnit.toFixed(1)} µs ×${t.callsPerUnit.toFixed(2)}${t.inScripts ? ' (in scripts)' : ''}`)
    .join(', ');
}

export function describeCost(cost: RedisCost, unit: string): string {
  return (
    `Redis per ${unit}: ${cost.cpuMicrosPerUnit.toFixed(1)} µs CPU, ${cost.execMicrosPerUnit.toFixed(1)} µs executing, ` +
    `${cost.commandsPerUnit.toFixed(2)} commands (+${cost.scriptInnerCommandsPerUnit.toFixed(1)} in scripts), ` +
    `${Math.round(cost.netInputBytesPerUnit)} B in / ${Math.round(cost.netOutputBytesPerUnit)} B out; top: ${describeTop(cost)}`
  );
}
