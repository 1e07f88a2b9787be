import { createRoute, z } from '@hono/zod-openapi';
import { problems } from '../http/schemas.ts';
import { ok, openApiApp } from './common.ts';

const HealthSchema = z.object({ status: z.enum(['ok']) }).openapi('Health');
const ReadySchema = z.object({ status: z.enum(['ready']), store: z.enum(['redis', 'memory']) }).openapi('Ready');

/** Liveness, readiness and metrics: unauthenticated, for orchestrators and scrapers. */
export function opsRoutes() {
  const app = openApiApp();

  app.openapi(
    createRoute({ method: 'get', path: '/healthz', tags: ['Operations'], summary: 'The process is alive', security: [], responses: { 200: ok(HealthSchema, 'Alive') } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['Operations'],
      summary: 'The store is reachable',
      security: [],
      responses: { 200: ok(ReadySchema, 'Ready'), ...problems(503) },
    }),
    async (c) => {
      const { store, storeKind, metrics } = c.get('services');
      try {
        await store.ping();
        metrics.storeUp.set(1);
      } catch (err) {
        metrics.storeUp.set(0);
        throw err;
      }
      return c.json({ status: 'ready' as const, store: storeKind }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['Operations'],
      summary: 'Prometheus metrics',
      security: [],
      responses: { 200: { description: 'Metrics in the Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
    }),
    async (c) => {
      const { registry } = c.get('services').metrics;
      c.header('Content-Type', registry.contentType);
      return c.text(await registry.metrics(), 200);
    },
  );

  return app;
}
