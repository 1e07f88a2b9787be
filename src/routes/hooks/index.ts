import { HookCache } from '../../inbound/hook-cache.ts';
import { openApiApp } from '../common.ts';
import { registerAcceptCall } from './accept-call.ts';
import { registerMetaHandshake } from './meta-handshake.ts';

/** The inbound API: `POST /hooks/{webhookId}`, the URL a webhook block gives its callers. */
export function hookRoutes() {
  const app = openApiApp();
  registerAcceptCall(app, new HookCache());
  registerMetaHandshake(app);
  return app;
}
