import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { consoleRoutes } from './console/serve.ts';
import { adminBodyLimit } from './http/admin-body-limit.ts';
import { adminIdempotency } from './http/admin-idempotency.ts';
import { adminAuth } from './http/auth.ts';
import type { AppEnv } from './http/env.ts';
import { ApiError, fromHttpException, outcomeUnknown, problemResponse } from './http/errors.ts';
import { allowedMethods, noRoute } from './http/method-not-allowed.ts';
import { newId } from './lib/ids.ts';
import { adminTokenRoutes } from './routes/admin-tokens/index.ts';
import { botRoutes } from './routes/bots/index.ts';
import { channelRoutes } from './routes/channels/index.ts';
import { openApiApp } from './routes/common.ts';
import { contactRoutes } from './routes/contacts/index.ts';
import { eventTypeRoutes } from './routes/event-types/index.ts';
import { eventRoutes } from './routes/events/index.ts';
import { hookRoutes } from './routes/hooks/index.ts';
import { liveChatStreamRoutes } from './routes/livechat/index.ts';
import { opsRoutes } from './routes/ops/index.ts';
import { subscriptionRoutes } from './routes/subscriptions/index.ts';
import { webhookRoutes } from './routes/webhooks/index.ts';
import type { Services } from './services.ts';
import { InvalidCursorError, StoreOutcomeUnknownError, StoreUnavailableError } from './store/errors.ts';

export const API_INFO = {
  title: 'Hookgate',
  version: '0.1.0',
  description:
    'Webhook gateway for chatbot platforms. Inbound webhook blocks turn external calls into bot variables and replies; event ' +
    'subscriptions deliver bot events, signed and retried.',
};

const OPENAPI_FILE = new URL('../openapi.yaml', import.meta.url);

/** Builds the HTTP application from its services. Nothing here reads the environment. */
export function createApp(services: Services): OpenAPIHono<AppEnv> {
  const app = openApiApp();
  const { logger, metrics } = services;

  app.use(requestId({ generator: () => newId('req') }));
  app.use(async function context(c, next) {
    c.set('services', services);
    const started = performance.now();
    await next();
    const route = routePath(c, -1);
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method: c.req.method, route, status: c.res.status });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (c.res.status >= 500 || logger.isLevelEnabled('debug')) {
      logger[c.res.status >= 500 ? 'warn' : 'debug'](
        { requestId: c.get('requestId'), method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  });

  // Mounting order is the order of openapi.yaml's paths.
  app.route('/', opsRoutes());
  app.route('/', hookRoutes());
  app.route('/', liveChatStreamRoutes());
  // Before anything reads the body: a larger one is refused while it is being read (413), never buffered whole.
  app.use('/v1/*', adminBodyLimit(services.config.adminMaxBodyBytes));
  app.use('/v1/*', adminAuth());
  // After auth: keys are kept per workspace, and a read token never reaches a POST.
  app.use('/v1/*', adminIdempotency());
  app.route('/v1', botRoutes());
  app.route('/v1', channelRoutes());
  app.route('/v1', webhookRoutes());
  app.route('/v1', contactRoutes());
  app.route('/v1', eventRoutes());
  app.route('/v1', eventTypeRoutes());
  app.route('/v1', subscriptionRoutes());
  app.route('/v1', adminTokenRoutes());

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/openapi.yaml',
    tags: ['Operations'],
    summary: 'This document',
    security: [],
    responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/yaml': { schema: { type: 'string' } } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/docs',
    tags: ['Operations'],
    summary: 'Browsable API reference',
    security: [],
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
  });
  let openapiYaml: string | null = null;
  app.get('/openapi.yaml', (c) => {
    openapiYaml ??= readFileSync(OPENAPI_FILE, 'utf8');
    return c.body(openapiYaml, 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
  });
  app.get('/docs', Scalar({ url: '/openapi.yaml', pageTitle: 'Hookgate API reference' }));
  // The web console (src/console/): static modules, a client of the admin API above; not in openapi.yaml.
  app.route('/', consoleRoutes());

  const allowed = allowedMethods(() => app.routes);
  app.notFound((c) => problemResponse(c, noRoute(c, allowed(c.req.path))));
  app.onError((err, c) => {
    if (err instanceof ApiError) return problemResponse(c, err);
    if (err instanceof HTTPException) return problemResponse(c, fromHttpException(err));
    if (err instanceof InvalidCursorError) return problemResponse(c, new ApiError('bad-request', 'The cursor is not valid for this list.'));
    if (err instanceof StoreUnavailableError) {
      logger.error({ requestId: c.get('requestId'), err: errorMessage(err.cause) }, 'store unavailable');
      // A read that timed out changed nothing; a write may have been run by Redis after all.
      const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
      if (write && err instanceof StoreOutcomeUnknownError) return problemResponse(c, outcomeUnknown(c.get('requestId')));
      return problemResponse(
        c,
        new ApiError('store-unavailable', 'The store is unreachable; try again shortly.', { headers: { 'Retry-After': '1' } }),
      );
    }
    logger.error({ requestId: c.get('requestId'), err }, 'unhandled error');
    return problemResponse(c, new ApiError('internal', 'The request could not be handled.'));
  });

  return app;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
