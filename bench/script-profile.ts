/**
 * Which of Hookgate's Lua scripts Redis's time goes to: commandstats counts every script as one
 * `evalsha`, so for a short stretch the bench has Redis log every command (`SLOWLOG` with a 0 µs
 * threshold) and adds up the durations by script (its SHA1, as src/store/redis/run-script.ts
 * computes it) and by plain command. Only on a Redis of the run's own (`--private-redis`): it
 * changes the server's configuration for that stretch, and logging every command costs Redis
 * time of its own, so the stretch is kept out of the cost figures, and its absolute µs run higher
 * than theirs: read it for shares. Redis also logs the commands a script runs, each on its own;
 * those named in Hookgate's scripts are marked "(in scripts)" (their time is already in the script's).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { RedisClient } from './redis.ts';
import { IN_SCRIPTS } from './redis-cost.ts';

const SCRIPT_NAMES: ReadonlyMap<string, string> = (() => {
  const dir = new URL('../src/store/redis/lua/', import.meta.url);
  const names = new Map<string, string>();
  for (const file of readdirSync(dir)) {
    const m = /^([a-z-]+)-\d+\.lua$/.exec(file);
    if (m)
      names.set(
        createHash('sha1')
          .update(readFileSync(new URL(file, dir), 'utf8'))
          .digest('hex'),
        m[1]!,
      );
  }
  return names;
})();

/** Commands the log may hold in one stretch; each entry keeps at most 32 arguments of 128 bytes. */
const MAX_ENTRIES = 50_000;

export interface ScriptProfileEntry {
  /** `script accept-inbound`, or a plain command's name. */
  name: string;
  calls: number;
  usec: number;
}

export interface ScriptProfile {
  entries: number;
  /** The log was full: the stretch had more commands than it keeps (figures cover the last ones). */
  truncated: boolean;
  byName: ScriptProfileEntry[];
}

type SlowlogEntry = [number, number, number, string[], ...unknown[]];

export async function startScriptProfile(client: RedisClient): Promise<{ stop(): Promise<ScriptProfile> }> {
  const saved = (await client.sendCommand(['CONFIG', 'GET', 'slowlog-*'])) as unknown;
  const pairs: string[] = Array.isArray(saved) ? (saved as string[]) : Object.entries(saved as Record<string, string>).flat();
  await client.sendCommand(['CONFIG', 'SET', 'slowlog-max-len', String(MAX_ENTRIES), 'slowlog-log-slower-than', '0']);
  await client.sendCommand(['SLOWLOG', 'RESET']);
  return {
    async stop(): Promise<ScriptProfile> {
      // The threshold goes back first, so reading the log does not log more.
      const restore = ['CONFIG', 'SET'];
      for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] === 'slowlog-log-slower-than') restore.push(pairs[i]!, pairs[i + 1]!);
      await client.sendCommand(restore.length > 2 ? restore : ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']);
      const log = (await client.sendCommand(['SLOWLOG', 'GET', String(MAX_ENTRIES)])) as SlowlogEntry[];
      await client.sendCommand(['SLOWLOG', 'RESET']);
      const maxLen = pairs[pairs.indexOf('slowlog-max-len') + 1] ?? '128';
      await client.sendCommand(['CONFIG', 'SET', 'slowlog-max-len', maxLen]);
      const totals = new Map<string, ScriptProfileEntry>();
      for (const [, , usec, args] of log) {
        const command = String(args[0] ?? '').toLowerCase();
        if (command === 'slowlog' || command === 'config' || command === 'info') continue;
        const name = command.startsWith('evalsha')
          ? `script ${SCRIPT_NAMES.get(String(args[1])) ?? String(args[1]).slice(0, 8)}`
          : command.startsWith('eval')
            ? 'script (EVAL, loading)'
            : IN_SCRIPTS.has(command)
              ? `${command} (in scripts)`
              : command;
        const t = totals.get(name) ?? { name, calls: 0, usec: 0 };
        t.calls++;
        t.usec += Number(usec);
        totals.set(name, t);
      }
      return {
        entries: log.length,
        truncated: log.length >= MAX_ENTRIES,
        byName: [...totals.values()].sort((a, b) => b.usec - a.usec),
      };
    },
  };
}

/**
 * Units of work the log covers, counted by a script each unit runs exactly once (`accept-inbound`
 * per accepted call, `settle-lane` per reply attempt): right even when the log was full and kept
 * only the last commands of the stretch.
 */
export function unitsInProfile(profile: ScriptProfile, anchorScript: string): number {
  return profile.byName.find((e) => e.name === `script ${anchorScript}`)?.calls ?? 0;
}

/** `script accept-inbound 31.0 µs ×1.00, script signal-bots 6.2 µs ×1.00, …` per unit of work. */
export function describeProfile(profile: ScriptProfile, anchorScript: string, n = 6): string {
  const units = unitsInProfile(profile, anchorScript);
  if (units === 0) return `no ${anchorScript} in the log`;
  const entries = profile.byName
    .slice(0, n)
    .map((e) => `${e.name} ${(e.usec / units).toFixed(1)} µs ×${(e.calls / units).toFixed(2)}`)
    .join(', ');
  return `${units} ${anchorScript} runs${profile.truncated ? ' (the log was full: its last commands)' : ''}: ${entries}`;
}
