/**
 * A private `redis-server` on a free port, owned by one suite (or by the bench or a chaos run): it
 * can be stopped, hung, killed and started again on the same port and data, which the shared Redis
 * on 6379 must never be. Its process is killed and its directory removed when this process exits.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './service-process.ts';

const running = new Set<ChildProcess>();
const directories = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface PrivateRedisOptions {
  /**
   * Append-only file with `appendfsync always` in a temporary directory: every acknowledged write
   * is on disk, so the data survives a stop or a `kill -9` and comes back on `start()`.
   */
  persistent?: boolean;
  /** More server arguments, e.g. `--rename-command SPUBLISH ''` to stand for an older server. */
  args?: string[];
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** Starts the server (again) on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Stops the server with a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Sends a signal without waiting for anything: SIGSTOP hangs the server, SIGCONT resumes it. */
  signal(signal: NodeJS.Signals): void;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-redis-'));
  directories.add(dir);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--daemonize', 'no', '--dir', dir];
  args.push(...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  args.push(...(options.args ?? []));
  let child: ChildProcess | null = null;
  let output = '';

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const current = child;
    if (!current) return;
    child = null;
    if (current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      // A hung server (SIGSTOP) cannot act on SIGTERM until it is resumed.
      current.kill('SIGCONT');
      current.kill(signal);
    });
  };

  const start = async () => {
    if (child) throw new Error('the private redis-server is already running');
    output = '';
    const spawned = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    running.add(spawned);
    spawned.once('exit', () => {
      running.delete(spawned);
      // Exited by itself (a crash, a kill from outside): start() may run again.
      if (child === spawned) child = null;
    });
    spawned.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8192)));
    spawned.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8192)));
    // Generous: a loaded machine may take long to start a process (an AOF to load, too).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (spawned.exitCode !== null) break;
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stop('SIGKILL');
    throw new Error(`redis-server on port ${port} did not start:\n${output}`);
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    signal: (signal) => {
      if (!child) throw new Error('the private redis-server is not running');
      child.kill(signal);
    },
    close: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      directories.delete(dir);
    },
  };
}

/** True when a server on the port answers PING (and is not still loading its data). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
