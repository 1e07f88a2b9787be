/**
 * The schedulers' wake-up subscriptions, the one place that uses the subscriber connection for
 * them: a Redis Cluster client plugs in here (its sharded subscriptions go to each slot's node).
 */
import { ErrorReply } from 'redis';
import type { RedisClient } from '../store/redis/run-script.ts';

/** How wake-ups reach this process: sharded pub/sub (Redis 7), or plain pub/sub (Redis 6). */
export type WakeMode = 'sharded' | 'plain';

export type WakeListener = (message: string, channel: string) => void;

/**
 * Subscribes to the wake-up channels, one per partition: with SSUBSCRIBE where the server has it
 * (each channel carries its partition's hash tag, so on a cluster it is served by the partition's
 * own node), else with SUBSCRIBE on the same names, which is where signal-bots publishes when
 * SPUBLISH is missing. `listener` must be the same function on every call (a retry after a failure
 * must not add a second one).
 */
export async function subscribeWakeChannels(
  subscriber: RedisClient,
  channels: readonly string[],
  listener: WakeListener,
): Promise<WakeMode> {
  try {
    // One command per channel: channels of different slots never share an SSUBSCRIBE.
    await Promise.all(channels.map((channel) => subscriber.sSubscribe(channel, listener)));
    return 'sharded';
  } catch (err) {
    // The server refused it (Redis 6: unknown command; an ACL without it): plain pub/sub, where
    // signal-bots publishes when its SPUBLISH fails. A connection error is retried by the next wait.
    if (!(err instanceof ErrorReply)) throw err;
  }
  await subscriber.subscribe([...channels], listener);
  return 'plain';
}

/** True while the subscriber is connected, so wake-ups published now reach this process. */
export function subscriberReady(subscriber: RedisClient): boolean {
  return subscriber.isReady;
}
