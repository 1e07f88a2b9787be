/**
 * The processes a chaos scenario starts and breaks. Children speaking the bench's IPC protocol
 * (receiver, load generators, the redis-server wrapper) go through bench/processes.ts forkChild;
 * the Hookgate service is spawned here instead, because a scenario restarts it on the same port
 * after a `kill -9` (bench's startService picks a new port each time). Every Hookgate process is
 * remembered and killed when the suite ends, and preloads bench/orphan-guard.ts so it also ends
 * when the suite itself is killed. Its output goes to a log file beside the results.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchChild, baseEnv, forkChild, killAll as killBenchChildren, REPO_ROOT, stopProcess } from '../bench/processes.ts';

const GUARD = pathToFileURL(fileURLToPath(new URL('../bench/orphan-guard.ts', import.meta.url))).href;
// The service's own runtime flags (scripts/run.sh start, Dockerfile).
const NODE_FLAGS = ['--max-semi-space-size=16', '--import', GUARD];

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Kills every process of the suite (Hookgate processes and IPC children) and waits for them. */
export async function killEverything(): Promise<void> {
  await Promise.all([...running].map((child) => stopProcess(child, 'SIGKILL', 0)));
  await killBenchChildren();
}

/** Forks `chaos/<script>`, an IPC child (bench/ipc.ts protocol), and resolves once it is ready. */
export function forkChaosChild(name: string, script: string, env: Record<string, string> = {}): Promise<BenchChild> {
  // forkChild resolves scripts against bench/; ours live beside it.
  return forkChild(name, `../chaos/${script}`, env);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch ms. */
  at: number;
}

/** One Hookgate process: started, then stopped, killed or found dead. */
export interface HookgateProcess {
  readonly pid: number;
  /** Null while it runs. */
  exit(): Exit | null;
  /** SIGKILL, no grace; resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful drain), SIGKILL after 30 s. */
  stop(): Promise<void>;
}

/**
 * A Hookgate service on a fixed port that can be killed and started again on that port. Each
 * process it starts appends its output to `logFile`.
 */
export class Hookgate {
  readonly port: number;
  readonly baseUrl: string;
  private readonly env: Record<string, string>;
  private readonly log: WriteStream;
  private current: HookgateProcess | null = null;
  /** Processes that ended without the suite asking (a crash). */
  readonly crashes: Exit[] = [];

  constructor(port: number, env: Record<string, string>, logFile: string) {
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.env = env;
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get process(): HookgateProcess | null {
    return this.current;
  }

  /** Spawns `node src/main.ts` and resolves once /healthz answers 200 (within `timeoutMs`). */
  async start(timeoutMs = 60_000): Promise<HookgateProcess> {
    const child = spawn(process.execPath, [...NODE_FLAGS, 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...baseEnv(), ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let exit: Exit | null = null;
    let expected = false;
    this.log.write(`--- ${new Date().toISOString()} start pid ${child.pid}\n`);
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal, at: Date.now() };
      this.log.write(`--- ${new Date().toISOString()} pid ${child.pid} exited ${signal ?? code}${expected ? '' : ' (UNEXPECTED)'}\n`);
      if (!expected) this.crashes.push(exit);
    });
    const handle: HookgateProcess = {
      pid: child.pid!,
      exit: () => exit,
      kill9: () => {
        expected = true;
        return stopProcess(child, 'SIGKILL', 0);
      },
      stop: () => {
        expected = true;
        return stopProcess(child, 'SIGTERM', 30_000);
      },
    };
    this.current = handle;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && exit === null) {
      try {
        const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return handle;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await handle.kill9();
    throw new Error(`Hookgate did not become healthy on port ${this.port} within ${timeoutMs} ms (see its log)`);
  }

  /** Resolves once /readyz answers 200 (the store is reachable), or rejects after `timeoutMs`. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Hookgate on port ${this.port} was not ready within ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    await this.current?.stop();
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }
}

/** A private redis-server (chaos/redis-child.ts) that a scenario stops, starts and hangs. */
export interface ChaosRedis {
  readonly port: number;
  readonly url: string;
  readonly version: string;
  /** Stops it (SIGTERM: a clean shutdown) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGSTOP: the process hangs, its sockets stay open. */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a redis-server on a free port through its wrapper child, which kills it when the suite
 * goes away. `persistent`: AOF with `appendfsync always`, so acknowledged writes survive a stop.
 */
export async function startChaosRedis(persistent: boolean): Promise<ChaosRedis> {
  const child = await forkChaosChild('redis-server', 'redis-child.ts', { CHAOS_REDIS_PERSISTENT: persistent ? '1' : '0' });
  const port = Number(child.info.port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    version: String(child.info.version),
    stop: () => child.call('stop'),
    start: () => child.call('start'),
    pause: () => child.call('signal', 'SIGSTOP'),
    resume: () => child.call('signal', 'SIGCONT'),
    close: async () => {
      await child.call('close').catch(() => undefined);
      await child.stop();
    },
  };
}
