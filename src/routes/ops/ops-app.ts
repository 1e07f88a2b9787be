import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { ApiError, problemResponse } from '../../http/errors.ts';
import type { Services } from '../../services.ts';
import { StoreUnavailableError } from '../../store/errors.ts';
import { opsRoutes } from './index.ts';

/**
 * The operations listener (HOOKGATE_OPS_PORT): /healthz, /readyz and /metrics alone, for a worker
 * process, which has no API listener, or to keep scrapes and probes off the API port.
 */
export function createOpsApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async function context(c, next) {
    c.set('services', services);
    await next();
  });
  app.route('/', opsRoutes());
  app.notFound((c) => problemResponse(c, new ApiError('not-found', `No route for ${c.req.method} ${c.req.path} on the operations port.`)));
  app.onError((err, c) => {
    if (err instanceof ApiError) return problemResponse(c, err);
    if (err instanceof StoreUnavailableError) {
      return problemResponse(c, new ApiError('store-unavailable', 'The store is unreachable.', { headers: { 'Retry-After': '1' } }));
    }
    services.logger.error({ err }, 'ops listener: unhandled error');
    return problemResponse(c, new ApiError('internal', 'The request could not be handled.'));
  });
  return app;
}
