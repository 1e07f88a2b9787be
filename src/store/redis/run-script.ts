import { createHash } from 'node:crypto';
import type { RedisClient } from './client.ts';

export type { RedisClient } from './client.ts';

export type ScriptReply = string | number | null | ScriptReply[];

/**
 * A Lua script run by EVALSHA, loaded again with EVAL when Redis has forgotten it (restart, flush).
 * It takes exactly `numKeys` keys: every key a script writes is declared, as Redis Cluster needs.
 * On a cluster both go to the master of the first key's slot, so each master loads the script
 * the first time it runs there (and again after a failover: a promoted replica's cache is empty).
 */
export class Script {
  readonly name: string;
  readonly numKeys: number;
  readonly source: string;
  readonly sha: string;
  private readonly numKeysArg: string;

  constructor(name: string, numKeys: number, source: string) {
    this.name = name;
    this.numKeys = numKeys;
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
    this.numKeysArg = String(numKeys);
  }

  async run(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<ScriptReply> {
    if (keys.length !== this.numKeys) throw new Error(`script ${this.name} takes ${this.numKeys} keys, was given ${keys.length}`);
    const command = ['EVALSHA', this.sha, this.numKeysArg, ...keys];
    for (const arg of args) command.push(String(arg));
    try {
      return (await client.sendCommand(command)) as ScriptReply;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      command[0] = 'EVAL';
      command[1] = this.source;
      return (await client.sendCommand(command)) as ScriptReply;
    }
  }
}
