import { createRoute, z } from '@hono/zod-openapi';
import type { OpenApiApp } from '../common.ts';

const route = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics',
  description: 'HTTP, reply, delivery and store metrics in the Prometheus text exposition format.',
  security: [],
  responses: { 200: { description: 'Metrics in the Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
});

export function registerMetrics(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { registry } = c.get('services').metrics;
    c.header('Content-Type', registry.contentType);
    return c.text(await registry.metrics(), 200);
  });
}
