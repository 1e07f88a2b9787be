import type { HttpBindings } from '@hono/node-server';
import type { AdminPrincipal } from '../lib/tokens.ts';
import type { Services } from '../services.ts';

/** Hono context types, declared once. */
export interface AppEnv {
  /** Node's request and response, under @hono/node-server; `app.request()` (the tests) passes none. */
  Bindings: HttpBindings;
  Variables: {
    services: Services;
    /** Ours (`req_…`), for every request: src/http/request-context.ts. */
    requestId: string;
    /** The caller's X-Request-Id, when it sent a valid one: recorded beside ours. */
    callerRequestId: string | undefined;
    principal: AdminPrincipal;
  };
}
