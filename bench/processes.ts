/**
 * Every process the bench starts goes through here: it is remembered, killed when the bench ends
 * (normally, on an error, on SIGINT/SIGTERM, or on `exit`), and preloaded with orphan-guard.ts so
 * it also ends if the bench itself is killed.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../test/helpers/service-process.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const GUARD = pathToFileURL(fileURLToPath(new URL('./orphan-guard.ts', import.meta.url))).href;
const CPU_AT_EXIT = pathToFileURL(fileURLToPath(new URL('./cpu-at-exit.ts', import.meta.url))).href;
// The service's own runtime flags (scripts/run.sh start, Dockerfile), for every process the bench starts.
const NODE_FLAGS = ['--max-semi-space-size=16', '--import', GUARD];

const running = new Set<ChildProcess>();

/** Remembers a process started elsewhere so that killAll() ends it too. */
export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills every process still running (SIGKILL) and waits for them to be gone. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopProcess(child, 'SIGKILL', 0)));
}

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Sends `signal`, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Only what a child needs from this environment (no developer REDIS_URL or HOOKGATE_* leaking in). */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  // NODE_OPTIONS passes through to every child alike, for profiling a run (--cpu-prof, --import a probe).
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'NODE_OPTIONS']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** A port free on loopback now (the test suites' helper). */
export { freePort };

// ---------------------------------------------------------------------------------------------
// Bench children (IPC)

export interface BenchChild {
  readonly name: string;
  readonly pid: number;
  /** What the child announced with its `ready` message (e.g. its port). */
  readonly info: Record<string, unknown>;
  call<T>(cmd: string, arg?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Forks `bench/<script>` and resolves once it says it is ready. */
export function forkChild(name: string, script: string, env: Record<string, string> = {}): Promise<BenchChild> {
  const child = track(
    fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), [], {
      cwd: REPO_ROOT,
      env: { ...baseEnv(), ...env },
      execArgv: NODE_FLAGS,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  return new Promise<BenchChild>((resolve, reject) => {
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      const error = new Error(`${name} exited (${signal ?? code})`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      reject(error);
    };
    child.once('exit', exited);
    child.on('message', (raw) => {
      const message = raw as { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: string };
      if (message.ready) {
        resolve({
          name,
          pid: child.pid!,
          info: message as Record<string, unknown>,
          call<T>(cmd: string, arg?: unknown) {
            return new Promise<T>((res, rej) => {
              const id = nextId++;
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ id, cmd, arg });
            });
          },
          stop: () => stopProcess(child, 'SIGTERM', 3000),
        });
        return;
      }
      const p = message.id === undefined ? undefined : pending.get(message.id);
      if (!p) return;
      pending.delete(message.id!);
      if (message.ok) p.resolve(message.result);
      else p.reject(new Error(`${name}: ${message.error}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The Hookgate service and other plain processes

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node <script>` from the repository root on a free port and resolves once `healthPath`
 * answers 200. Output is kept (the last 64 KiB) for error messages.
 */
export async function startService(
  name: string,
  script: string,
  env: Record<string, string>,
  healthPath = '/healthz',
  /** The variable that gets the free port (a Hookgate worker's only listener is HOOKGATE_OPS_PORT). */
  portVariable = 'PORT',
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...NODE_FLAGS, script], {
      cwd: REPO_ROOT,
      env: { ...baseEnv(), ...env, [portVariable]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const service: ServiceProcess = {
    name,
    pid: child.pid!,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: () => stopProcess(child, 'SIGTERM', 10_000),
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const res = await fetch(`${service.baseUrl}${healthPath}`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return service;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child, 'SIGKILL', 0);
  throw new Error(`${name} did not become healthy on port ${port}\n${out}`);
}

/**
 * Runs a command to completion and returns its stdout and the CPU time its process used (µs, from
 * cpu-at-exit.ts; null if it did not say). Stderr is kept for the error.
 */
export function runToCompletion(args: string[], timeoutMs: number): Promise<{ out: string; cpuMicros: number | null }> {
  const child = track(
    spawn(process.execPath, [...NODE_FLAGS, '--import', CPU_AT_EXIT, ...args], {
      cwd: REPO_ROOT,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-16384)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const cpu = /BENCH_CPU_MICROS (\d+)/.exec(err);
      if (code === 0) resolve({ out, cpuMicros: cpu ? Number(cpu[1]) : null });
      else reject(new Error(`${args.join(' ').slice(0, 200)} exited ${signal ?? code}\n${err}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Memory

export interface MemoryReading {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size since the process started (VmHWM), bytes. */
  peak: number;
}

/** VmRSS and VmHWM from /proc (Linux); null elsewhere or once the process is gone. */
export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const rss = kb('VmRSS');
    const peak = kb('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak) ? { rss, peak } : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the largest sample and VmHWM. */
export function sampleMemory(pid: number, everyMs = 200): { stop(): { maxSampledRss: number | null; peak: number | null } } {
  let max: number | null = null;
  let peak: number | null = null;
  const take = () => {
    const m = readMemory(pid);
    if (!m) return;
    max = Math.max(max ?? 0, m.rss);
    peak = m.peak;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      take();
      clearInterval(timer);
      return { maxSampledRss: max, peak };
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc, 100 ticks per second); null elsewhere. */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}
