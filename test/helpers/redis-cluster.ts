/**
 * A private Redis Cluster of 3 masters and 3 replicas (or none) on free loopback ports, owned by one
 * suite (started in its beforeAll, stopped in its afterAll) or by the bench: each `redis-server --cluster-enabled yes`
 * in a temporary directory, joined by `redis-cli --cluster create … --cluster-replicas 1`, ready
 * once every node reports `cluster_state:ok` and every master has a replica with a copy of it. Stopping kills the
 * servers and removes the directories; so does this process's exit, should a suite fail to.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { freeClusterPort } from './cluster-ports.ts';

const run = promisify(execFile);

const running = new Set<ChildProcess>();
const directories = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

export const hasRedisCluster =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('redis-cli', ['--version'], { stdio: 'ignore' }).status === 0;

export interface ClusterNodeInfo {
  port: number;
  role: 'master' | 'slave';
  /** The node's id, and for a replica its master's. */
  id: string;
  masterId: string | null;
  /** Slot ranges a master serves, e.g. [[0, 5460]]. */
  slots: [number, number][];
}

export interface LocalCluster {
  ports: number[];
  /** REDIS_URL for the service: every node as a seed, comma-separated. */
  url: string;
  /** The nodes as one live node sees them (CLUSTER NODES). */
  nodes(): Promise<ClusterNodeInfo[]>;
  /** The hash slot of a key (CLUSTER KEYSLOT). */
  slotOf(key: string): Promise<number>;
  /** The port of the master that serves a slot now. */
  masterOf(slot: number): Promise<number>;
  /** Sends a node's process a signal without waiting (SIGSTOP hangs it, SIGCONT resumes it). */
  signal(port: number, signal: NodeJS.Signals): void;
  /** Kills one node's process (SIGKILL by default) and waits for its exit. */
  kill(port: number, signal?: NodeJS.Signals): Promise<void>;
  /**
   * Resolves once every live node reports cluster_state:ok, live masters serve all 16384 slots, and
   * (unless `replicas: false`) each master has a live replica whose link to it is up: it holds a
   * copy, so a failover loses only what was not yet replicated.
   */
  waitHealthy(options?: { replicas?: boolean; timeoutMs?: number }): Promise<void>;
  /**
   * Moves a slot to the master on `toPort` as `redis-cli --cluster reshard` does, key batch by key
   * batch with a pause between them, so that commands meet the slot half moved (ASK, TRYAGAIN).
   */
  migrateSlot(slot: number, toPort: number, options?: { batch?: number; pauseMs?: number }): Promise<void>;
  /** Kills every node and removes the directories. */
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  /**
   * cluster-node-timeout: how long a master may be unreachable before its replica takes over.
   * Small makes a failover quick; too small on a loaded machine fails over a master that was only
   * slow, so the suites that kill nothing keep this helper's default of 5 s (Redis's is 15 s).
   */
  nodeTimeoutMs?: number;
  /** Replicas per master: 1 (the default, for failover) or 0 (the bench: three masters alone). */
  replicas?: 0 | 1;
}

const MASTERS = 3;

/**
 * The calling file's cluster: started in its beforeAll, stopped in its afterAll. Returns the
 * cluster (read it inside tests and hooks, once started).
 */
export function localClusterForFile(): () => LocalCluster {
  if (!hasRedisCluster) throw new Error('the cluster suites need redis-server and redis-cli');
  let cluster: LocalCluster | null = null;
  beforeAll(async () => {
    cluster = await startLocalCluster();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the local cluster has not started');
    return cluster;
  };
}

export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 5000;
  const replicasPerMaster = options.replicas ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-cluster-'));
  directories.add(dir);
  const children = new Map<number, ChildProcess>();
  const output = new Map<number, string>();
  const ports: number[] = [];

  const stop = async () => {
    await Promise.all([...children.keys()].map((port) => kill(port)));
    rmSync(dir, { recursive: true, force: true });
    directories.delete(dir);
  };

  const kill = async (port: number, signal: NodeJS.Signals = 'SIGKILL') => {
    const child = children.get(port);
    if (!child) return;
    children.delete(port);
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  };

  try {
    for (let i = 0; i < MASTERS * (1 + replicasPerMaster); i++) {
      const port = await freeClusterPort(ports);
      ports.push(port);
      // biome-ignore format: one option and its value a line
      const args = [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout', String(nodeTimeoutMs),
        // A replica's first copy starts at once (not after the default 5 s).
        '--repl-diskless-sync-delay', '0',
        // The other shards keep serving while one has no master.
        '--cluster-require-full-coverage', 'no',
        '--dir', dir,
        '--dbfilename', `dump-${port}.rdb`,
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'no',
      ];
      const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      children.set(port, child);
      running.add(child);
      child.once('exit', () => running.delete(child));
      output.set(port, '');
      const collect = (chunk: string) => output.set(port, (output.get(port) ?? '').slice(-4000) + chunk);
      child.stdout!.setEncoding('utf8').on('data', collect);
      child.stderr!.setEncoding('utf8').on('data', collect);
    }
    for (const port of ports) await waitFor(() => cli(port, 'PING').then((r) => r === 'PONG'), 15_000, `node ${port} answering PING`);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'],
      {
        timeout: 60_000,
      },
    );
  } catch (err) {
    const logs = [...output].map(([port, text]) => `--- ${port}\n${text.slice(-1000)}`).join('\n');
    await stop();
    throw new Error(`the local Redis Cluster did not start: ${err instanceof Error ? err.message : String(err)}\n${logs}`);
  }

  const nodes = async (): Promise<ClusterNodeInfo[]> => {
    for (const port of ports) {
      if (!children.has(port)) continue;
      const text = await cli(port, 'CLUSTER', 'NODES').catch(() => null);
      if (text) return parseNodes(text);
    }
    throw new Error('no node of the local cluster answers');
  };

  const waitHealthy = async ({ replicas = replicasPerMaster > 0, timeoutMs = 60_000 } = {}) => {
    await waitFor(
      async () => {
        for (const port of children.keys()) {
          const info = await cli(port, 'CLUSTER', 'INFO').catch(() => '');
          if (!info.includes('cluster_state:ok')) return false;
        }
        const all = await nodes();
        const live = new Set(children.keys());
        const masters = all.filter((n) => n.role === 'master' && n.slots.length > 0 && live.has(n.port));
        const served = masters.reduce((sum, m) => sum + m.slots.reduce((n, [from, to]) => n + to - from + 1, 0), 0);
        if (served !== 16384) return false;
        if (!replicas) return true;
        for (const m of masters) {
          const replica = all.find((r) => r.role === 'slave' && r.masterId === m.id && live.has(r.port));
          if (!replica) return false;
          if (!(await cli(replica.port, 'INFO', 'replication')).includes('master_link_status:up')) return false;
        }
        return true;
      },
      timeoutMs,
      'every node to report cluster_state:ok',
    );
  };

  try {
    await waitHealthy();
  } catch (err) {
    await stop();
    throw err;
  }
  const signal = (port: number, sig: NodeJS.Signals) => {
    const child = children.get(port);
    if (!child) throw new Error(`no node of the local cluster on port ${port}`);
    child.kill(sig);
  };
  const slotOf = async (key: string) => {
    const port = [...children.keys()][0];
    if (port === undefined) throw new Error('no node of the local cluster is running');
    return Number(await cli(port, 'CLUSTER', 'KEYSLOT', key));
  };
  const masterOf = async (slot: number) => {
    const master = (await nodes()).find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));
    if (!master) throw new Error(`no master serves slot ${slot}`);
    return master.port;
  };
  const migrateSlot = async (slot: number, toPort: number, { batch = 10, pauseMs = 0 } = {}) => {
    const all = await nodes();
    const masters = all.filter((n) => n.role === 'master');
    const from = masters.find((m) => m.slots.some(([a, b]) => slot >= a && slot <= b));
    const to = masters.find((m) => m.port === toPort);
    if (!from || !to) throw new Error(`no master serves slot ${slot}, or none is on port ${toPort}`);
    if (from === to) return;
    await cliOk(to.port, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', from.id);
    await cliOk(from.port, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id);
    for (;;) {
      const keys = (await cli(from.port, 'CLUSTER', 'GETKEYSINSLOT', String(slot), String(batch))).split('\n').filter(Boolean);
      if (keys.length === 0) break;
      // A failed batch (BUSYKEY: the key was created on the new owner meanwhile) stops the move, as it stops redis-cli's.
      await cliOk(from.port, 'MIGRATE', '127.0.0.1', String(to.port), '', '0', '5000', 'KEYS', ...keys);
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    // The new owner first, then the old one, then the other masters.
    for (const node of [to, from, ...masters.filter((m) => m !== to && m !== from)]) {
      await cliOk(node.port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id);
    }
  };
  return {
    ports,
    url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    nodes,
    slotOf,
    masterOf,
    signal,
    kill,
    waitHealthy,
    migrateSlot,
    stop,
  };
}

/** One redis-cli command's reply, trimmed. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
  return stdout.trim();
}

/** A command that must answer OK (MIGRATE: or NOKEY); redis-cli exits 0 on an error reply, so the reply is read. */
async function cliOk(port: number, ...args: string[]): Promise<void> {
  const reply = await cli(port, ...args);
  if (reply !== 'OK' && reply !== 'NOKEY') throw new Error(`${args.slice(0, 3).join(' ')} on ${port}: ${reply}`);
}

function parseNodes(text: string): ClusterNodeInfo[] {
  const out: ClusterNodeInfo[] = [];
  for (const line of text.split('\n')) {
    const [id, address, flags, masterId, , , , linkState, ...slots] = line.trim().split(' ');
    if (!id || !address || !flags) continue;
    // A failed node keeps its line (and role) until forgotten: only a live one counts.
    if (flags.includes('fail') && !flags.includes('fail?')) continue;
    if (linkState !== 'connected' && !flags.includes('myself')) continue;
    const port = Number(address.split('@')[0]!.split(':')[1]);
    out.push({
      port,
      role: flags.includes('master') ? 'master' : 'slave',
      id,
      masterId: masterId === '-' ? null : (masterId ?? null),
      slots: slots
        .filter((s) => !s.startsWith('['))
        .map((s) => {
          const [from, to] = s.split('-').map(Number);
          return [from!, to ?? from!] as [number, number];
        }),
    });
  }
  return out;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
