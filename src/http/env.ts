import type { HttpBindings } from '@hono/node-server';
import type { AdminPrincipal } from '../lib/tokens.ts';
import type { Services } from '../services.ts';

/** Hono context types, declared once. */
export interface AppEnv {
  /** Node's request and response, under @hono/node-server; `app.request()` (the tests) passes none. */
  Bindings: HttpBindings;
  Variables: {
    services: Services;
    requestId: string;
    principal: AdminPrincipal;
  };
}
