/**
 * The inbound limit: a bare Hono app on @hono/node-server, as Hookgate is served, that parses the
 * same JSON body and answers 202. No Redis, no auth, no extraction. `PORT` from the environment.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.post('/hooks/:webhookId', async (c) => {
  const body: unknown = await c.req.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: 'not an object' }, 400);
  return c.json({ accepted: true, webhookId: c.req.param('webhookId') }, 202);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8081), hostname: '0.0.0.0' });
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
