import { createHash, timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { bearerToken, unauthorized } from '../../http/auth.ts';
import { problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';

const route = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics',
  description:
    'Node.js default metrics under their standard names (`process_*`, `nodejs_*`) and Hookgate’s own (`hookgate_*`). With ' +
    '`HOOKGATE_METRICS_TOKEN` set, scrapers send `Authorization: Bearer <token>`; otherwise 401. With several processes ' +
    '(`HOOKGATE_API_PROCESSES`, `HOOKGATE_WORKER_PROCESSES`), whichever answers reports all of them aggregated.',
  security: [],
  responses: {
    200: { description: 'Metrics in the Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
    ...problems(401),
  },
});

export function registerMetrics(app: OpenApiApp): void {
  app.openapi(route, async (c) => {
    const { metrics, config } = c.get('services');
    if (config.metricsToken !== null && !tokenMatches(bearerToken(c.req.header('authorization')), config.metricsToken)) {
      throw unauthorized('/metrics needs the bearer token set in HOOKGATE_METRICS_TOKEN.');
    }
    c.header('Content-Type', metrics.registry.contentType);
    return c.text(await metrics.exposition(), 200);
  });
}

/** Compares digests, so neither the token's bytes nor its length show in the timing. */
function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
