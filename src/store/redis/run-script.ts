import { createHash } from 'node:crypto';
import type { RedisClientType } from 'redis';

/** The client as `createClient()` builds it (RESP3, default modules). */
export type RedisClient = RedisClientType<{}, {}, {}, 3>;

export type ScriptReply = string | number | null | ScriptReply[];

/** A Lua script run by EVALSHA, loaded again with EVAL when Redis has forgotten it (restart, flush). */
export class Script {
  readonly source: string;
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: (string | number)[]): Promise<ScriptReply> {
    const argv = args.map(String);
    try {
      return (await client.sendCommand(['EVALSHA', this.sha, String(keys.length), ...keys, ...argv])) as ScriptReply;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return (await client.sendCommand(['EVAL', this.source, String(keys.length), ...keys, ...argv])) as ScriptReply;
      }
      throw err;
    }
  }
}
