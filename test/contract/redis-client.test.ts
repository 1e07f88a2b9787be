/**
 * How a cluster routes the raw commands and SCAN patterns the Redis backend sends
 * (src/store/redis/client.ts), and how its start-up behaves without a reachable node.
 */
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/store/backend.ts';
import { StoreOutcomeUnknownError, StoreUnavailableError } from '../../src/store/errors.ts';
import { firstKeyOf, hashTagOf } from '../../src/store/redis/client.ts';
import { toStoreError } from '../../src/store/redis/errors.ts';
import { silentLogger } from '../helpers/redis.ts';

describe('cluster routing of raw commands', () => {
  it('routes a script by its first key, and a command by its key', () => {
    expect(firstKeyOf(['EVALSHA', 'abc', '2', 'hg:bot:{b1}:due', 'hg:bot:{b1}:leases', '5'])).toBe('hg:bot:{b1}:due');
    expect(firstKeyOf(['EVAL', 'return 1', '1', 'k', 'arg'])).toBe('k');
    expect(firstKeyOf(['EVAL', 'return 1', '0'])).toBeUndefined();
    expect(firstKeyOf(['XREVRANGE', 'hg:bot:{b1}:events', '+', '-', 'COUNT', '1'])).toBe('hg:bot:{b1}:events');
    expect(firstKeyOf(['hset', 'h', 'f', 'v'])).toBe('h');
    expect(firstKeyOf(['PING'])).toBeUndefined();
  });

  it('refuses a command it does not know the key of, rather than send it to a random node', () => {
    expect(() => firstKeyOf(['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'])).toThrow(/BLMOVE/);
  });
});

describe('the hash tag of a SCAN pattern', () => {
  it('is the first {…} when no glob character comes before it', () => {
    expect(hashTagOf('hg:bot:{bot_1}:vars:production:*')).toBe('bot_1');
    expect(hashTagOf('hg:bot:{bot_1}:*')).toBe('bot_1');
    expect(hashTagOf('hg\\*x:bot:{b}:*')).toBe('b');
  });

  it('is none when the keys it matches may carry any tag', () => {
    expect(hashTagOf('hg:*')).toBeNull();
    expect(hashTagOf('hg:*{bot_1}*')).toBeNull();
    expect(hashTagOf('hg:bot:{}:x')).toBeNull();
    expect(hashTagOf('hg:bot:{b*}:x')).toBeNull();
  });
});

describe('a cluster not reachable at start-up', () => {
  const seeds = 'redis://127.0.0.1:1,redis://127.0.0.1:2';

  it('stops a CLI with a clear message once the start-up timeout has passed', async () => {
    await expect(connectRedis(seeds, silentLogger, 'test', { cluster: true, startupTimeoutMs: 300 })).rejects.toThrow(
      /no connection within/,
    );
  });

  it('lets the service start: commands are refused at once (503, nothing sent) and close ends the retries', async () => {
    const client = await connectRedis(seeds, silentLogger, 'test', { cluster: true, background: true, startupTimeoutMs: 300 });
    const refused = await client.get('k').catch((err: unknown) => toStoreError(err));
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(refused).not.toBeInstanceOf(StoreOutcomeUnknownError);
    await client.close();
  });
});
