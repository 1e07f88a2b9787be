import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { LineBudget } from '../lib/access-log.ts';
import { newId } from '../lib/ids.ts';
import type { Services } from '../services.ts';
import type { AppEnv } from './env.ts';

/**
 * A caller's X-Request-Id we record and echo: 1–128 characters a log search or a header can carry
 * as they are (UUIDs, ULIDs, `trace-1:abc`). Anything else is ignored.
 */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The first middleware of every request: its ids, its span, its metrics and its access-log line.
 *
 * - `requestId` is always ours (`req_…`): the one id of the call in its 202 body, its activity
 *   entry, `{{ sys_request_id }}`, an `outcome-unknown` problem and every log line. A valid caller
 *   X-Request-Id is kept beside it (`callerRequestId`, in the activity entry and the log lines) and
 *   echoed in the response's X-Request-Id; without one, ours is.
 * - One access-log line per request at `info` (`msg: "request"`: method, route pattern, status,
 *   duration, ids; never the path's query, a header or a body). `/hooks/*` lines beyond
 *   HOOKGATE_ACCESS_LOG_HOOKS_RATE a second are dropped in `sampled` mode (the next line says how
 *   many); a 5xx is logged in every mode, at `warn`.
 */
export function requestContext(services: Services): MiddlewareHandler<AppEnv> {
  const { logger, metrics, tracing, config } = services;
  const { mode, hooksPerSecond } = config.accessLog;
  const hooksBudget = mode === 'sampled' ? new LineBudget(hooksPerSecond, () => performance.now()) : null;

  return async function requestContextMiddleware(c, next) {
    const requestId = newId('req');
    const sent = c.req.header('x-request-id');
    const callerRequestId = sent !== undefined && CALLER_REQUEST_ID.test(sent) ? sent : undefined;
    c.set('services', services);
    c.set('requestId', requestId);
    if (callerRequestId !== undefined) c.set('callerRequestId', callerRequestId);
    c.header('X-Request-Id', callerRequestId ?? requestId);
    const started = performance.now();
    const route = tracing.enabled
      ? await tracing.server(c.req.method, c.req.raw.headers, async (span) => {
          await next();
          const route = routePath(c, -1);
          span.rename(`${c.req.method} ${route}`);
          span.setAttributes({
            'http.route': route,
            'http.response.status_code': c.res.status,
            'hookgate.request_id': requestId,
            ...(callerRequestId === undefined ? {} : { 'hookgate.caller_request_id': callerRequestId }),
          });
          if (c.res.status >= 500) span.fail(String(c.res.status));
          return route;
        })
      : await next().then(() => routePath(c, -1));
    const seconds = (performance.now() - started) / 1000;
    const { method } = c.req;
    const status = c.res.status;
    metrics.httpRequests.inc({ method, route, status });
    metrics.httpDuration.observe({ method, route }, seconds);

    const error = status >= 500;
    if (mode === 'off' && !error) return;
    let skipped = 0;
    if (hooksBudget !== null && !error && c.req.path.startsWith('/hooks/')) {
      const taken = hooksBudget.take();
      if (taken === null) return;
      skipped = taken;
    }
    const line: Record<string, unknown> = { requestId, method, route, status, ms: Math.round(seconds * 1000) };
    if (callerRequestId !== undefined) line.callerRequestId = callerRequestId;
    if (skipped > 0) line.hooksLinesSkipped = skipped;
    logger[error ? 'warn' : 'info'](line, 'request');
  };
}
