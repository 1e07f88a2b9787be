/**
 * Redis servers the bench starts for itself: a private single node (`--private-redis`) and a local
 * Redis Cluster of three masters (`--only scale --cluster`). No persistence (as the shared Redis
 * the bench uses by default); everything in a temporary directory removed by close(); the
 * processes are tracked, so they also end if the bench fails or is interrupted.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeClusterPort } from '../test/helpers/cluster-ports.ts';
import { freePort, stopProcess, track } from './processes.ts';
import { connectBenchRedis, type RedisClient } from './redis.ts';

const run = promisify(execFile);

export interface BenchRedis {
  /** What Hookgate gets in REDIS_URL: one URL, or the cluster's seed nodes comma-separated. */
  url: string;
  /** Variables Hookgate needs besides REDIS_URL (HOOKGATE_REDIS_CLUSTER=true for a cluster). */
  env: Record<string, string>;
  /** One URL per server (a cluster's masters), for reading each one's counters. */
  nodes: string[];
  close(): Promise<void>;
}

async function startServer(dir: string, port: number, extra: string[]): Promise<ChildProcess> {
  const child = track(
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-8192)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-8192)));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'PING']);
      if (stdout.trim() === 'PONG') return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopProcess(child, 'SIGKILL', 0);
  throw new Error(`redis-server on port ${port} did not start:\n${out}`);
}

function closer(children: ChildProcess[], dir: string): () => Promise<void> {
  return async () => {
    await Promise.all(children.map((c) => stopProcess(c, 'SIGTERM', 3000)));
    rmSync(dir, { recursive: true, force: true });
  };
}

/** A private redis-server on a free port. */
export async function startPrivateRedis(): Promise<BenchRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-bench-redis-'));
  const port = await freePort();
  const child = await startServer(dir, port, []);
  const url = `redis://127.0.0.1:${port}`;
  return { url, env: {}, nodes: [url], close: closer([child], dir) };
}

/** Three masters (no replicas) on free ports, joined with `redis-cli --cluster create`. */
export async function startLocalCluster(): Promise<BenchRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-bench-cluster-'));
  const children: ChildProcess[] = [];
  const close = closer(children, dir);
  try {
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freeClusterPort(ports);
      ports.push(port);
      children.push(await startServer(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)]));
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { timeout: 30_000 });
    // `--cluster create` returns once the slots are assigned; the nodes agree a moment later.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const states = await Promise.all(
        ports.map(async (p) => /cluster_state:(\w+)/.exec((await run('redis-cli', ['-p', String(p), 'CLUSTER', 'INFO'])).stdout)?.[1]),
      );
      if (states.every((s) => s === 'ok')) break;
      if (Date.now() > deadline) throw new Error(`the local cluster did not reach cluster_state:ok (${states.join(', ')})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const nodes = ports.map((p) => `redis://127.0.0.1:${p}`);
    return { url: nodes.join(','), env: { HOOKGATE_REDIS_CLUSTER: 'true' }, nodes, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** One plain client per node (INFO is per server; a cluster's counters are the sum over its masters). */
export function connectNodes(redis: BenchRedis): Promise<RedisClient[]> {
  return Promise.all(redis.nodes.map((url) => connectBenchRedis(url)));
}
