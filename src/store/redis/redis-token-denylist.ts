import type { TokenDenyList } from '../token-denylist.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';

/**
 * The deny list as one sorted set (jti scored by the time it may be forgotten), under a hash tag of
 * its own: `<prefix>:{admtok}:revoked`.
 */
export class RedisTokenDenyList implements TokenDenyList {
  private readonly client: RedisClient;
  private readonly key: string;

  constructor(client: RedisClient, prefix: string) {
    this.client = client;
    this.key = `${prefix}:{admtok}:revoked`;
  }

  revoke(jti: string, until: number): Promise<void> {
    return guard(async () => {
      // GT: a second revocation may extend an entry, never shorten it (new entries are added all the same).
      await this.client.zAdd(this.key, { score: until, value: jti }, { GT: true });
    });
  }

  revoked(now: number): Promise<string[]> {
    return guard(async () => {
      await this.client.zRemRangeByScore(this.key, '-inf', now);
      return this.client.zRange(this.key, 0, -1);
    });
  }
}
