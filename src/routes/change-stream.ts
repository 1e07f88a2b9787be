/**
 * Server-Sent Events over a store's change stream (a webhook's activity, a subscription's
 * deliveries). The stream is read from the store, not from in-process notices, so that changes
 * written by any process (the API, a reply or event worker elsewhere) reach every reader. Each
 * message's `id` is the change's position: `Last-Event-ID` resumes right after it, with nothing lost
 * or repeated among what the store keeps. Without it a reader gets only what happens from now on.
 * Comment heartbeats keep proxies from closing an idle stream; shutdown ends every stream.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { STREAM_ID } from '../store/cursor.ts';

/** How often an idle stream looks for new changes. */
const POLL_MS = 250;
/** How many changes one read takes. */
export const CHANGE_BATCH = 100;

/** A change ready to send: `data` null for one with nothing left to show (it is skipped, its id passed). */
export interface ChangeMessage {
  id: string;
  data: string | null;
}

/** The Last-Event-ID to resume after, or null (only new changes); 400 for an id no stream sent. */
export function resumeId(c: Context<AppEnv>): string | null {
  const resume = c.req.header('last-event-id') ?? null;
  if (resume === null || resume === '') return null;
  if (!STREAM_ID.test(resume)) throw new ApiError('bad-request', 'Last-Event-ID is not an id this stream sent.');
  return resume;
}

/**
 * Streams `event` messages from `read(after)` (oldest first, at most CHANGE_BATCH) starting after
 * `start`, until the client goes away or the process shuts down.
 */
export function streamChanges(
  c: Context<AppEnv>,
  event: string,
  start: string,
  read: (after: string) => Promise<ChangeMessage[]>,
): Response {
  const { config, logger, streams } = c.get('services');
  const requestId = c.get('requestId');
  return streamSSE(c, async (stream) => {
    let stopped = false;
    let wake: (() => void) | null = null;
    const stop = () => {
      stopped = true;
      wake?.();
    };
    stream.onAbort(stop);
    const unregister = streams.add(stop);
    let cursor = start;
    let lastWrite = Date.now();
    try {
      // Sent at once, so that clients and proxies see the stream open before the first change.
      await stream.write(': connected\n\n');
      while (!stopped && !stream.aborted) {
        const batch = await read(cursor);
        for (const message of batch) {
          if (stopped || stream.aborted) break;
          if (message.data !== null) {
            await stream.writeSSE({ id: message.id, event, data: message.data });
            lastWrite = Date.now();
          }
          cursor = message.id;
        }
        if (batch.length >= CHANGE_BATCH) continue;
        if (Date.now() - lastWrite >= config.liveChatHeartbeatMs) {
          await stream.write(': heartbeat\n\n');
          lastWrite = Date.now();
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    } catch (err) {
      // The store went away (or the client did mid-write): end the stream; a client resumes with Last-Event-ID.
      if (!stream.aborted) logger.warn({ requestId, err: err instanceof Error ? err.message : String(err) }, 'event stream ended');
    } finally {
      unregister();
    }
  });
}
