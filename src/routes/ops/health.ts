import { createRoute } from '@hono/zod-openapi';
import { ok } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { HealthSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  tags: ['Operations'],
  summary: 'The process is alive',
  description: '200 whenever the process serves HTTP, whether or not the store is reachable.',
  security: [],
  responses: { 200: ok(HealthSchema, 'Alive') },
});

export function registerHealth(app: OpenApiApp): void {
  app.openapi(route, (c) => c.json({ status: 'ok' as const }, 200));
}
