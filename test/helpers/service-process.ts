/**
 * Runs Hookgate as a real process (`node src/main.ts`) on a free port, the way an operator does,
 * and captures what it prints; and mints the admin tokens such a process accepts. Every process
 * started here is remembered so a suite can kill all of its own in `afterAll`, even when a test
 * failed half-way.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deriveKeys } from '../../src/lib/crypto.ts';
import { type AdminScope, AdminTokens } from '../../src/lib/tokens.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr matches, rejects when the process exits first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

const running = new Set<ChildProcess>();

/** A fresh secret of the length the service demands. */
export function aSecret(): string {
  return `e2e-${crypto.randomUUID()}-${crypto.randomUUID()}`;
}

/** An admin JWT for a service started with `secret`, minted as the service itself verifies them. */
export function mintAdminToken(secret: string, workspace = 'ws1', scope: AdminScope = 'admin'): Promise<string> {
  return new AdminTokens(deriveKeys(secret).admin, { jwksUrl: null, maxLifetimeSeconds: 366 * 24 * 3600 }).mint({
    workspaceId: workspace,
    scope,
  });
}

/** `npm run token -- --workspace <ws>`, as an operator runs it: the CLI with the service's env. */
export async function tokenFromCli(env: Record<string, string>, workspace: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['src/cli/token.ts', '--workspace', workspace], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), ...env },
    timeout: 20_000,
  });
  return stdout.trim();
}

/** A port nothing listens on right now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Only what the service needs from this process's environment: a developer's own REDIS_URL or
 * HOOKGATE_* must not leak into a test, nor a proxy setting into its HTTP calls.
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Spawns `node <script>` from the repository root with a clean environment plus `env`. */
export function spawnNode(script: string, args: string[], env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    notify();
  });
  const exited = new Promise<Exit>((resolve) => {
    // 'close' comes after the output streams have ended, so nothing printed is missed.
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
      notify();
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  const port = Number(env.PORT ?? 8080);
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    waitForOutput: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out) || pattern.test(err)) finish();
          else if (done) finish(new Error(`process exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        };
        const timer = setTimeout(
          () => finish(new Error(`no ${pattern} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        check();
      }),
    kill: async (signal = 'SIGKILL') => {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Starts `node src/main.ts` with HOOKGATE_ROLE=worker (on a free PORT, which a worker must not
 * listen on, and a free HOOKGATE_OPS_PORT, unless `env` names one) and resolves once it says it has started.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const ports = { PORT: String(await freePort()), HOOKGATE_OPS_PORT: String(await freePort()) };
  const worker = spawnNode('src/main.ts', [], { ...ports, ...env, HOOKGATE_ROLE: 'worker' });
  // Generous: a loaded machine may take many seconds to start a process.
  await worker.waitForOutput(/hookgate worker started/, 60_000);
  return worker;
}

/**
 * The code of the error a fresh request to `baseUrl` fails with, or null when it gets a response.
 * A connection that races a closing listener may be reset instead of refused: both mean no answer.
 */
export async function connectionError(baseUrl: string): Promise<string | null> {
  try {
    await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
    return null;
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code ?? String(err);
  }
}

export interface StartOptions {
  /** How long to wait for `/healthz`. */
  timeoutMs?: number;
}

/**
 * Starts the service on a free port with `env` (PORT and, unless given, PUBLIC_BASE_URL are
 * filled in) and resolves once `/healthz` answers 200.
 */
export async function startService(env: Record<string, string>, options: StartOptions = {}): Promise<ServiceProcess> {
  // Another process may take the free port before the service binds it: try again on a new one.
  for (let attempt = 1; ; attempt++) {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const service = spawnNode('src/main.ts', [], { PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env, PORT: String(port) });
    try {
      await waitHealthy(service, options.timeoutMs ?? 30_000);
      return service;
    } catch (error) {
      await service.kill('SIGKILL');
      if (attempt < 3 && !env.PORT && /EADDRINUSE/.test(service.stderr() + service.stdout())) continue;
      throw error;
    }
  }
}

async function waitHealthy(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${service.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `service on port ${service.port} did not become healthy (${exited ? 'it exited' : 'timed out'})\n` +
      `stdout:\n${service.stdout()}\nstderr:\n${service.stderr()}`,
  );
}

/** Kills every process started through this module that is still running. */
export async function killAllServices(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
