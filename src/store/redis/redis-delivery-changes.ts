import type { DeliveryChange } from '../delivery-changes.ts';
import { DELIVERY_CHANGE_KEEP } from '../delivery-changes.ts';
import type { RedisKeys } from '../redis-keys.ts';
import type { RedisClient } from './run-script.ts';

type StreamEntry = [string, string[]];

/**
 * Appends a change for each delivery written, after the write that made it (pipelined: one round
 * trip). A failure is swallowed: it must not undo the write (a live view then misses that change).
 */
export async function appendDeliveryChanges(
  client: RedisClient,
  k: RedisKeys,
  botId: string,
  deliveries: readonly { id: string; subscriptionId: string }[],
): Promise<void> {
  await Promise.all(
    deliveries.map((d) =>
      client.sendCommand(['XADD', k.deliveryChanges(botId, d.subscriptionId), 'MAXLEN', '~', String(DELIVERY_CHANGE_KEEP), '*', 'd', d.id]),
    ),
  ).catch(() => {});
}

export async function readDeliveryChanges(
  client: RedisClient,
  k: RedisKeys,
  botId: string,
  subscriptionId: string,
  after: string,
  limit: number,
): Promise<DeliveryChange[]> {
  const entries = (await client.sendCommand([
    'XRANGE',
    k.deliveryChanges(botId, subscriptionId),
    `(${after}`,
    '+',
    'COUNT',
    String(limit),
  ])) as StreamEntry[];
  return entries.map(([id, fields]) => ({ id, deliveryId: fields[1] ?? '' }));
}

export async function lastDeliveryChange(client: RedisClient, k: RedisKeys, botId: string, subscriptionId: string): Promise<string> {
  const last = (await client.sendCommand(['XREVRANGE', k.deliveryChanges(botId, subscriptionId), '+', '-', 'COUNT', '1'])) as StreamEntry[];
  return last[0]?.[0] ?? '0-0';
}
