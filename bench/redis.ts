/**
 * The bench's own Redis work: seeding a large store (scenario 5) with raw pipelined writes in
 * Hookgate's key layout (src/store/keys.ts, src/store/redis/redis-store.ts), and deleting every key
 * of a run (SCAN + UNLINK in batches).
 */
import type { ChannelAccount, WebhookBlock } from '../src/domain/types.ts';
import { newId } from '../src/lib/ids.ts';
import { createLogger } from '../src/lib/logger.ts';
import { connectRedisNode } from '../src/store/backend.ts';
import { lexMember } from '../src/store/cursor.ts';
import type { RedisNodeClient as RedisClient } from '../src/store/redis/client.ts';
import { redisKeys, UPDATED_AT_FIELD } from '../src/store/redis-keys.ts';

export type { RedisClient };

export function connectBenchRedis(url: string): Promise<RedisClient> {
  return connectRedisNode(url, createLogger('silent'), 'bench', { startupTimeoutMs: 5000 });
}

/** Sends commands as pipelines (no MULTI) of `batch` commands, `inFlight` pipelines at once. */
async function pipelined(client: RedisClient, commands: Iterable<string[]>, batch = 5000, inFlight = 4): Promise<number> {
  let count = 0;
  let current = client.multi();
  let size = 0;
  const running = new Set<Promise<unknown>>();
  const flush = async () => {
    const p = current.execAsPipeline();
    current = client.multi();
    size = 0;
    running.add(p);
    void p.finally(() => running.delete(p));
    if (running.size >= inFlight) await Promise.race(running);
  };
  for (const command of commands) {
    current.addCommand(command);
    count++;
    if (++size >= batch) await flush();
  }
  if (size) await flush();
  await Promise.all(running);
  return count;
}

export interface SeedOptions {
  prefix: string;
  bots: number;
  webhooks: number;
  contacts: number;
  workspaceId: string;
}

export interface SeedResult {
  bots: number;
  webhooks: number;
  contacts: number;
  commands: number;
  seconds: number;
}

/**
 * Writes `bots` bots (each with a sandbox account), `webhooks` blocks spread over them (index,
 * block JSON, the bot's block list) and `contacts` contact-variable hashes (production), as
 * Hookgate itself would have stored them.
 */
export async function seedLargeStore(client: RedisClient, o: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const k = redisKeys(o.prefix);
  const now = new Date().toISOString();
  const botIds = Array.from({ length: o.bots }, () => newId('bot'));
  function* commands(): Generator<string[]> {
    for (const [i, botId] of botIds.entries()) {
      const accountId = newId('acc');
      yield [
        'SET',
        k.bot(botId),
        JSON.stringify({ id: botId, workspaceId: o.workspaceId, name: `Seeded ${i}`, description: null, createdAt: now, updatedAt: now }),
      ];
      yield ['ZADD', k.workspaceBots(o.workspaceId), '0', lexMember(now, botId)];
      yield ['SADD', k.allBots, botId];
      const account: ChannelAccount = {
        id: accountId,
        botId,
        channel: 'sandbox',
        alias: 'seeded',
        credentialsEncrypted: null,
        credentialFields: [],
        config: {},
        active: true,
        createdAt: now,
        updatedAt: now,
      };
      yield ['HSET', k.channels(botId), accountId, JSON.stringify(account)];
    }
    for (let w = 0; w < o.webhooks; w++) {
      const botId = botIds[w % o.bots]!;
      const id = newId('wh');
      const block: WebhookBlock = {
        id,
        botId,
        workspaceId: o.workspaceId,
        name: `Seeded block ${w}`,
        type: 'conversational',
        channel: 'sandbox',
        account: 'seeded',
        accountId: 'acc_seededseededseeded',
        contactReference: '$.contact_reference_id',
        variables: [
          { data: 'data.name', variable: 'customer_name' },
          { data: 'data.order_id', variable: 'order_id' },
          { data: '$.data.items[0].sku', variable: 'first_sku' },
        ],
        reply: { text: 'Hi {{customer_name}}, order {{order_id}} ({{first_sku}}) has shipped.' },
        folder: null,
        enabled: true,
        rateLimit: { limit: 100, periodSeconds: 1 },
        tokens: { production: { jti: newId('tok'), issuedAt: Date.now() }, development: { jti: newId('tok'), issuedAt: Date.now() } },
        createdAt: now,
        updatedAt: now,
      };
      yield ['SET', k.webhookIndex(id), botId];
      yield ['SET', k.webhook(botId, id), JSON.stringify(block)];
      yield ['ZADD', k.webhooks(botId), '0', lexMember(now, id)];
    }
    for (let c = 0; c < o.contacts; c++) {
      const botId = botIds[c % o.bots]!;
      yield [
        'HSET',
        k.variables(botId, 'production', 'whatsapp', `+1666${String(c).padStart(7, '0')}`),
        'customer_name',
        JSON.stringify(`Customer ${c}`),
        'order_id',
        JSON.stringify(`A-${c}`),
        'first_sku',
        '"SKU-1"',
        UPDATED_AT_FIELD,
        now,
      ];
    }
  }
  const count = await pipelined(client, commands());
  return { bots: o.bots, webhooks: o.webhooks, contacts: o.contacts, commands: count, seconds: (performance.now() - started) / 1000 };
}

/** Deletes every key starting with `prefix` (SCAN + UNLINK in batches); returns how many. */
export async function deleteKeysStartingWith(client: RedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  const running = new Set<Promise<unknown>>();
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 10_000 })) {
    for (let i = 0; i < batch.length; i += 1000) {
      const chunk = batch.slice(i, i + 1000);
      deleted += chunk.length;
      const p = client.unlink(chunk);
      running.add(p);
      void p.finally(() => running.delete(p));
      if (running.size >= 8) await Promise.race(running);
    }
  }
  await Promise.all(running);
  return deleted;
}

/**
 * Deletes the keys of earlier bench runs that were killed before they could clean up (SIGKILL):
 * prefixes `<runPrefix><base36 start time><6 hex>-s…` whose run started over `olderThanMs` ago, so
 * a bench running at the same time elsewhere keeps its keys.
 */
export async function sweepStaleRuns(client: RedisClient, runPrefix: string, olderThanMs: number): Promise<number> {
  const pattern = new RegExp(`^${runPrefix}([0-9a-z]{8,10})[0-9a-f]{6}-s`);
  const cutoff = Date.now() - olderThanMs;
  let deleted = 0;
  for await (const batch of client.scanIterator({ MATCH: `${runPrefix}*`, COUNT: 10_000 })) {
    const stale = batch.filter((key) => {
      const m = pattern.exec(key);
      return m !== null && parseInt(m[1]!, 36) < cutoff;
    });
    for (let i = 0; i < stale.length; i += 1000) deleted += await client.unlink(stale.slice(i, i + 1000));
  }
  return deleted;
}
