/**
 * Reading what Hookgate stored, straight from a scenario's private Redis (Hookgate's key layout:
 * src/store/redis-keys.ts): the webhook's activity stream (one entry per stored call, in the order
 * Redis stored them), the bot's event stream, and reply messages. The admin API pages these 100
 * at a time; a scenario reads tens of thousands.
 */
import { createClient } from 'redis';
import { redisKeys } from '../src/store/redis-keys.ts';

export interface StoredCall {
  seq: number;
  requestId: string;
  messageId: string | null;
}

export interface StoredEvent {
  seq: number;
  id: string;
}

export interface StoreReader {
  /** Every stored call of a webhook, in storage order. */
  activity(botId: string, webhookId: string): Promise<StoredCall[]>;
  /** Every event of a type in a bot's stream (as far as it is kept), in stream order. */
  events(botId: string, type: string): Promise<StoredEvent[]>;
  /** Reply messages' stored statuses and error codes, by message id (null: no such message). */
  messages(botId: string, ids: string[]): Promise<Map<string, { status: string; code: string | null } | null>>;
  close(): Promise<void>;
}

export async function openStore(url: string, prefix: string): Promise<StoreReader> {
  const client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  const k = redisKeys(prefix);

  async function readStream(key: string, field: string): Promise<unknown[]> {
    const out: unknown[] = [];
    let start = '-';
    for (;;) {
      const batch = (await client.xRange(key, start, '+', { COUNT: 5000 })) ?? [];
      for (const entry of batch) out.push(JSON.parse(String(entry.message[field])));
      if (batch.length < 5000) return out;
      start = `(${batch[batch.length - 1]!.id}`;
    }
  }

  return {
    async activity(botId, webhookId) {
      const entries = (await readStream(k.activity(botId, webhookId), 'a')) as {
        requestId: string;
        variables: { seq?: unknown };
        messageId: string | null;
      }[];
      return entries.map((e) => ({ seq: Number(e.variables.seq), requestId: e.requestId, messageId: e.messageId }));
    },
    async events(botId, type) {
      const entries = (await readStream(k.events(botId), 'e')) as { id: string; type: string; data: { seq?: unknown } }[];
      return entries.filter((e) => e.type === type).map((e) => ({ seq: Number(e.data.seq), id: e.id }));
    },
    async messages(botId, ids) {
      const out = new Map<string, { status: string; code: string | null } | null>();
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        const values = await client.mGet(chunk.map((id) => k.message(botId, id)));
        for (const [n, id] of chunk.entries()) {
          const raw = values[n];
          if (raw == null) {
            out.set(id, null);
            continue;
          }
          const m = JSON.parse(String(raw)) as { status: string; error?: { code?: string } | null };
          out.set(id, { status: m.status, code: m.error?.code ?? null });
        }
      }
      return out;
    },
    close: async () => {
      await client.close().catch(() => undefined);
    },
  };
}
