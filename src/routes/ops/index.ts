import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerHealth } from './health.ts';
import { registerMetrics } from './metrics.ts';
import { registerReady } from './ready.ts';

/** Liveness, readiness and metrics: unauthenticated, for orchestrators and scrapers. */
export function opsRoutes(): OpenApiApp {
  const app = openApiApp();
  registerHealth(app);
  registerReady(app);
  registerMetrics(app);
  return app;
}
