import { createRoute } from '@hono/zod-openapi';
import { ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { ReadySchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  tags: ['Operations'],
  summary: 'The store is reachable',
  description: '503 while the store cannot be reached; the process keeps serving and reconnects on its own.',
  security: [],
  responses: { 200: ok(ReadySchema, 'Ready'), ...problems(503) },
});

export function registerReady(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { store, storeKind, metrics } = c.get('services');
    try {
      await store.ping();
      metrics.storeUp.set(1);
    } catch (err) {
      metrics.storeUp.set(0);
      throw err;
    }
    return c.json({ status: 'ready' as const, store: storeKind }, 200);
  });
}
