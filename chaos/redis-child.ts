/**
 * Chaos child: one redis-server on a free port, in a temporary data directory, that the suite can
 * stop, start again (same port, same data) and hang (SIGSTOP) through IPC. The server is killed
 * when this wrapper exits, for whatever reason (the suite ended, was killed, or closed the IPC
 * channel): a redis-server is no Node process, so bench/orphan-guard.ts cannot end it itself.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveIpc } from '../bench/ipc.ts';
import { freePort } from '../bench/processes.ts';

const persistent = process.env.CHAOS_REDIS_PERSISTENT === '1';
const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'hookgate-chaos-redis-'));
const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--daemonize', 'no', '--dir', dir];
args.push(...(persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));

let server: ChildProcess | null = null;
let output = '';

process.on('exit', () => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
// The orphan guard ends this process with SIGTERM: exit normally so the handler above runs.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

function ping(): Promise<boolean> {
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

async function start(): Promise<void> {
  if (server) throw new Error('redis-server is already running');
  output = '';
  const spawned = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server = spawned;
  spawned.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8192)));
  spawned.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8192)));
  spawned.once('exit', () => {
    if (server === spawned) server = null;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (spawned.exitCode !== null || spawned.signalCode !== null) break;
    if (await ping()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  spawned.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not start:\n${output}`);
}

async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const current = server;
  if (!current) return;
  server = null;
  if (current.exitCode !== null || current.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    current.once('exit', () => resolve());
    // A hung server cannot act on SIGTERM until it is resumed.
    current.kill('SIGCONT');
    current.kill(signal);
  });
}

await start();
const version = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';

serveIpc(
  {
    start: () => start(),
    stop: () => stop('SIGTERM'),
    signal: (signal: NodeJS.Signals) => {
      if (!server) throw new Error('redis-server is not running');
      server.kill(signal);
    },
    close: () => stop('SIGKILL'),
  },
  { port, version },
);
