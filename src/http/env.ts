import type { Services } from '../services.ts';
import type { AdminPrincipal } from '../lib/tokens.ts';

/** Hono context types, declared once. */
export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    principal: AdminPrincipal;
  };
}
