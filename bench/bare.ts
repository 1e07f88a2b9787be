/**
 * The inbound limits: a bare Hono app on @hono/node-server, as Hookgate is served, that parses the
 * same JSON body and answers 202. No auth, no extraction. `PORT` from the environment.
 *
 * With `FLOOR_REDIS_URL` and `FLOOR_STREAM_KEY` set it is the **durable floor**: the same app also
 * appends the raw body to a Redis stream with one `XADD` and awaits it before answering 202, over a
 * client configured as Hookgate's (src/store/backend.ts connectRedis). Nothing a gateway whose 202
 * means "durably stored" does can cost less per call.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createLogger } from '../src/lib/logger.ts';
import { connectRedis } from '../src/store/backend.ts';

const redisUrl = process.env.FLOOR_REDIS_URL;
const streamKey = process.env.FLOOR_STREAM_KEY;
const redis = redisUrl && streamKey ? await connectRedis(redisUrl, createLogger('silent'), 'floor', { startupTimeoutMs: 5000 }) : null;

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.post('/hooks/:webhookId', async (c) => {
  const raw = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return c.json({ error: 'not JSON' }, 400);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: 'not an object' }, 400);
  if (redis) await redis.sendCommand(['XADD', streamKey!, '*', 'body', raw]);
  return c.json({ accepted: true, webhookId: c.req.param('webhookId') }, 202);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8081), hostname: '0.0.0.0' });
process.on('SIGTERM', () => {
  server.close();
  void (redis?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
