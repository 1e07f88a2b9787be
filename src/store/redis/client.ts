/**
 * The one Redis connection type the store, queues and schedulers use: a single node's client as
 * `createClient()` builds it, or a Redis Cluster behind the same surface (clusterClient below).
 *
 * On one node the connection IS node-redis's client: nothing wraps a command, so the inbound
 * route's commands cost exactly what they did. On a cluster every command goes to the master of
 * its first key's slot: the typed commands (GET, HSET, ZADD…) are the cluster client's own, routed
 * by node-redis; raw commands (`sendCommand`, scripts, MULTI) name their first key by a table of the
 * commands this code sends (an unknown command fails loudly rather than go to a random node); SCAN
 * goes to the master of the hash tag its pattern names, or to every master.
 */
import type { RedisClientType, RedisClusterType } from 'redis';

// biome-ignore lint/complexity/noBannedTypes: node-redis's own type arguments for "no modules, functions or scripts" are `{}`.
export type RedisNodeClient = RedisClientType<{}, {}, {}, 3>;
// biome-ignore lint/complexity/noBannedTypes: as above.
export type RedisClusterClient = RedisClusterType<{}, {}, {}, 3>;

/** Typed commands both clients offer with the same signature (a cluster routes each by its key). */
type SharedCommand =
  | 'get'
  | 'set'
  | 'mGet'
  | 'incr'
  | 'del'
  | 'unlink'
  | 'hGet'
  | 'hSet'
  | 'hDel'
  | 'hGetAll'
  | 'hVals'
  | 'hmGet'
  | 'exists'
  | 'sAdd'
  | 'sRem'
  | 'sMembers'
  | 'zAdd'
  | 'zRem'
  | 'zRange'
  | 'zRangeWithScores'
  | 'zScore'
  | 'zCard'
  | 'zCount'
  | 'zRemRangeByScore'
  | 'publish'
  | 'sPublish'
  | 'subscribe'
  | 'pSubscribe'
  | 'sSubscribe'
  | 'isReady'
  | 'close'
  | 'destroy';

/** A MULTI … EXEC of raw commands, all on one slot. */
export interface RawMulti {
  addCommand(args: string[]): RawMulti;
  exec(): Promise<unknown[]>;
  /** The same commands as a pipeline, without MULTI (on a cluster too, to the one slot's master). */
  execAsPipeline(): Promise<unknown[]>;
}

/**
 * What the Redis backend needs of a connection. A single node's client satisfies it as it is; a
 * cluster through clusterClient. Every command and MULTI must keep to one hash slot (the keys'
 * `{…}` tags: src/store/redis-keys.ts); what spans slots is split by the caller, in an order that
 * stays safe after a crash.
 */
export interface RedisClient extends Pick<RedisNodeClient, SharedCommand | 'sendCommand' | 'scan'> {
  multi(): RawMulti;
  /** SCAN's keys batch by batch; on a cluster on the master of the pattern's hash tag, or on every master. */
  scanIterator(options?: { MATCH?: string; COUNT?: number }): AsyncIterable<string[]>;
  sScanIterator(key: string, options?: { COUNT?: number }): AsyncIterable<string[]>;
}

// A cluster must offer every shared command with the node client's signature (checked at compile time).
type Assignable<T extends U, U> = T;
export type _ClusterHasSharedCommands = Assignable<RedisClusterClient, Pick<RedisNodeClient, SharedCommand>>;

const clusters = new WeakSet<object>();

/** True for a cluster's connection: commands on different slots then reach different servers, in no set order. */
export function isCluster(client: RedisClient): boolean {
  return clusters.has(client);
}

/** Commands whose first key is their first argument (the only commands this code sends raw). */
const KEY_FIRST = new Set([
  'GET',
  'SET',
  'DEL',
  'UNLINK',
  'INCR',
  'HSET',
  'HDEL',
  'SADD',
  'SREM',
  'SSCAN',
  'ZADD',
  'ZREM',
  'ZRANGE',
  'XADD',
  'XRANGE',
  'XREVRANGE',
  // A sharded channel routes as a key does.
  'SPUBLISH',
]);
/** Commands without keys: a cluster sends them where node-redis's policy says (PING: every master). */
const KEYLESS = new Set(['PING']);

/** The key a raw command is routed by on a cluster; undefined for a keyless command. */
export function firstKeyOf(args: readonly string[]): string | undefined {
  const name = args[0]!.toUpperCase();
  if (name === 'EVALSHA' || name === 'EVAL') return args[2] === '0' ? undefined : args[3];
  if (KEY_FIRST.has(name)) return args[1];
  if (KEYLESS.has(name)) return undefined;
  throw new Error(`no cluster routing known for the raw command ${name}: add it to firstKeyOf`);
}

/**
 * The hash tag a SCAN pattern pins its keys to: its first `{…}` when no glob character comes
 * before it (every key it matches then has that tag), else null (the keys may be on any master).
 */
export function hashTagOf(pattern: string): string | null {
  const open = pattern.indexOf('{');
  if (open === -1 || /(^|[^\\])[*?[]/.test(pattern.slice(0, open))) return null;
  const close = pattern.indexOf('}', open + 1);
  if (close <= open + 1) return null;
  const tag = pattern.slice(open + 1, close);
  return /[*?[]/.test(tag.replace(/\\./g, '')) ? null : tag.replace(/\\(.)/g, '$1');
}

type ScanOptions = { MATCH?: string; COUNT?: number };

/**
 * A cluster behind the RedisClient surface. The typed commands are the cluster client's own
 * (reached through the prototype); raw commands, MULTI and SCAN are routed here. `close` and
 * `destroy` also stop `onClose` (a start-up still retrying).
 */
export function clusterClient(cluster: RedisClusterClient, onClose: () => void = () => {}): RedisClient {
  const nodeFor = (tag: string) => cluster.getNodeClientForKey(`{${tag}}`, false);
  const scanNode = async function* (node: RedisNodeClient, options: ScanOptions): AsyncGenerator<string[]> {
    for await (const keys of node.scanIterator(options)) yield keys;
  };
  const overrides: Partial<Record<keyof RedisClient, unknown>> = {
    sendCommand: (args: string[]) => cluster.sendCommand(firstKeyOf(args), false, args),
    multi: () => {
      const multi = cluster.multi();
      const raw: RawMulti = {
        addCommand(args) {
          multi.addCommand(firstKeyOf(args), false, args);
          return raw;
        },
        exec: () => multi.exec() as Promise<unknown[]>,
        execAsPipeline: () => multi.execAsPipeline() as Promise<unknown[]>,
      };
      return raw;
    },
    // A SCAN cursor belongs to one node: only a pattern pinned to one slot can page with it.
    scan: async (cursor: string, options: ScanOptions) => {
      const tag = options.MATCH ? hashTagOf(options.MATCH) : null;
      if (tag === null) throw new Error('a SCAN page on a cluster needs a pattern within one hash tag');
      return (await nodeFor(tag)).scan(cursor, options);
    },
    scanIterator: async function* (options: ScanOptions = {}) {
      const tag = options.MATCH ? hashTagOf(options.MATCH) : null;
      if (tag !== null) {
        yield* scanNode(await nodeFor(tag), options);
        return;
      }
      // Every master, one after the other (a replica holds nothing a master does not).
      for (const master of [...cluster.masters]) yield* scanNode(await cluster.nodeClient(master), options);
    },
    sScanIterator: async function* (key: string, options: { COUNT?: number } = {}) {
      let cursor = '0';
      do {
        const args = ['SSCAN', key, cursor, ...(options.COUNT ? ['COUNT', String(options.COUNT)] : [])];
        const [next, members] = (await cluster.sendCommand(key, false, args)) as [string, string[]];
        cursor = String(next);
        yield members;
      } while (cursor !== '0');
    },
    close: async () => {
      onClose();
      await cluster.close();
    },
    destroy: () => {
      onClose();
      cluster.destroy();
    },
  };
  const client = Object.create(cluster, Object.fromEntries(Object.entries(overrides).map(([name, value]) => [name, { value }])));
  clusters.add(client);
  return client as RedisClient;
}
