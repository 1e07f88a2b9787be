import type { RedisNodeClient } from './client.ts';

/** What the watchdog needs of one node's connection. */
type WatchedClient = Pick<RedisNodeClient, 'on' | 'isReady' | 'destroy' | 'connect'>;

/** Redis has stopped answering once its PING (sent every second) has gone this long unanswered. */
export const SILENCE_MS = 5000;

interface WatchdogLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * Drops a connection whose Redis has stopped answering, and connects again.
 *
 * The client's `socketTimeout` is Node's socket idle timeout, which every write resets: with calls
 * still being written to a hung Redis (SIGSTOP, a frozen VM, a path that swallows packets), it never
 * fires, and every caller waits for as long as the hang lasts. The client's own PING (`pingInterval`:
 * one at a time, the next a second after the last answer) is answered about once a second on a
 * live connection, whatever the traffic; when none has been answered for SILENCE_MS, the connection
 * is destroyed: commands in flight fail as disconnected (their outcome unknown), new ones fail at
 * once as the client is not ready (nothing sent), and the client reconnects as after any drop.
 *
 * Not for a subscriber connection: destroying it would lose its subscriptions (an idle subscriber
 * writes nothing, so its socket timeout already works). The timer is unref'd; it acts only while
 * the client is ready, so a closed client is left alone.
 *
 * `clients` names the connections to watch at each tick: the one client of a single node, or each
 * master's connection of a cluster (per node: a hung master is dropped and reconnected while the
 * others go on serving their slots; the set is read again each tick, as a failover changes it).
 */
export function dropWhenSilent(clients: () => Iterable<WatchedClient>, logger: WatchdogLogger, name: string): void {
  const lastAnswers = new WeakMap<WatchedClient, { at: number }>();
  let lastTick = Date.now();
  const watch = (client: WatchedClient) => {
    const known = lastAnswers.get(client);
    if (known) return known;
    const state = { at: Date.now() };
    lastAnswers.set(client, state);
    client.on('ready', () => {
      state.at = Date.now();
    });
    client.on('ping-interval', () => {
      state.at = Date.now();
    });
    return state;
  };
  for (const client of clients()) watch(client);
  const timer = setInterval(() => {
    const now = Date.now();
    // A tick that comes late means this process was not running (a pause, a busy loop): answers may
    // be waiting to be read. Judge on the next tick, once they have been.
    const late = now - lastTick > 2000;
    lastTick = now;
    for (const client of clients()) {
      const last = watch(client);
      if (late || !client.isReady || now - last.at < SILENCE_MS) continue;
      logger.error({ connection: name, silentMs: now - last.at }, 'redis stopped answering; dropping the connection');
      last.at = now;
      client.destroy();
      client.connect().catch(() => {
        // The reconnect strategy keeps trying; a close() meanwhile ends it.
      });
    }
  }, 1000);
  timer.unref();
}
